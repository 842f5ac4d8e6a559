namespace GatoLink.Silo.Ledger;

/// <summary>
/// The usage stream's publish failures: a delay from <see cref="LedgerOptions.MinBackoff"/> doubling to
/// <see cref="LedgerOptions.MaxBackoff"/>, a warning on the first failure of a run, a debug line per later one, and a
/// line when publishing works again. Used by <see cref="UsageForwarder"/>'s loop alone.
/// </summary>
internal sealed class PublishBackoff(LedgerOptions options, ILogger logger)
{
    private int _failures;
    private TimeSpan _delay = options.MinBackoff;

    /// <summary>Publishing <paramref name="events"/> events failed with <paramref name="ex"/>: logs it and returns how long to wait.</summary>
    public TimeSpan Failed(Exception ex, int events)
    {
        _failures++;
        var wait = _delay;
        if (_failures == 1)
        {
            LedgerLog.PublishFailed(logger, ex, events, wait.TotalMilliseconds);
        }
        else
        {
            LedgerLog.PublishStillFailing(logger, ex.Message, events, _failures, wait.TotalMilliseconds);
        }

        _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, options.MaxBackoff.Ticks));
        return wait;
    }

    /// <summary>A publish succeeded: a run of failures ends (logged) and the delay starts over.</summary>
    public void Succeeded()
    {
        if (_failures == 0)
        {
            return;
        }

        LedgerLog.PublishRecovered(logger, _failures);
        _failures = 0;
        _delay = options.MinBackoff;
    }
}
