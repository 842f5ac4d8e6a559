using GatoLink.Grains.Quotas;

namespace GatoLink.Silo.Cluster;

/// <summary>
/// Moves this silo's key and tenant activations, counters and open reservations included, to the other active silos
/// before it stops (Orleans deactivates everything on shutdown and migrates nothing; a re-activation would re-read a
/// ledger that lags by the usage still in spools and the stream, and ignore settlements of reservations it never made).
/// Targets are the silos the membership shows Active, this one excluded, taken in turn.
/// </summary>
public sealed partial class LimiterHandOff
{
    private readonly LocalLimiters _local;
    private readonly TimeProvider _time;
    private readonly ILogger<LimiterHandOff> _logger;

    /// <summary>Created by the host.</summary>
    public LimiterHandOff(LocalLimiters local, TimeProvider time, ILogger<LimiterHandOff> logger)
    {
        _local = local;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Asks every key and tenant activation of this silo to migrate, and waits at most <paramref name="timeout"/> for
    /// them to have saved their counters. Activations that appear meanwhile (a request that placed a grain here) are
    /// asked too, until the time is up.
    /// </summary>
    public async Task<HandOffOutcome> HandOffAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var targets = _local.Targets();
        if (targets.Length == 0)
        {
            var left = _local.Active.Count;
            if (left > 0)
            {
                LogNoTarget(_logger, left);
            }

            return new HandOffOutcome(0, left);
        }

        // Until the silo stops, activations that arrive (another silo migrated one here before it saw this one leave)
        // move on at once.
        _local.WatchArrivals(entry => _ = Task.Run(() => PassOnAsync(entry)));
        var started = _time.GetTimestamp();
        var asked = new Dictionary<LocalLimiter, Task<bool>>();
        var next = 0;
        while (true)
        {
            var round = _local.Active.Where(e => !asked.ContainsKey(e)).ToArray();
            if (round.Length == 0)
            {
                break;
            }

            var waits = new List<Task<bool>>(round.Length);
            foreach (var entry in round)
            {
                var wait = AskAsync(entry, targets[next++ % targets.Length]);
                asked[entry] = wait;
                waits.Add(wait);
            }

            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await Task.WhenAll(waits).WaitAsync(remaining, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        var handedOff = 0;
        foreach (var wait in asked.Values)
        {
            if (wait.IsCompletedSuccessfully && await wait)
            {
                handedOff++;
            }
        }

        var outcome = new HandOffOutcome(handedOff, asked.Count - handedOff + _local.Active.Count(e => !asked.ContainsKey(e)));
        if (outcome.Failed > 0)
        {
            LogHandedOffSome(_logger, outcome.HandedOff, outcome.Failed, targets.Length, timeout.TotalSeconds);
        }
        else
        {
            LogHandedOff(_logger, outcome.HandedOff, targets.Length, _time.GetElapsedTime(started).TotalMilliseconds);
        }

        return outcome;
    }

    private async Task<bool> AskAsync(LocalLimiter entry, SiloAddress target)
    {
        try
        {
            await entry.Grain.HandOff(target);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Counted as not handed off: the grain deactivates with the silo and its next activation reads the ledger.
            LogAskFailed(_logger, ex, entry.Id, target);
            return false;
        }

        return await entry.HandedOff;
    }

    private async Task PassOnAsync(LocalLimiter entry)
    {
        if (_local.NextTarget() is not { } target)
        {
            LogNoTarget(_logger, 1);
            return;
        }

        if (await AskAsync(entry, target))
        {
            LogPassedOn(_logger, entry.Id, target);
        }
    }

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "{GrainId} arrived while this silo drains; passed on to {Target}")]
    private static partial void LogPassedOn(ILogger logger, GrainId grainId, SiloAddress target);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "No other active silo to hand {Count} key and tenant activations to; their next activations re-read the ledger")]
    private static partial void LogNoTarget(ILogger logger, int count);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Handed {HandedOff} key and tenant activations off to {Targets} silos in {Milliseconds:F0} ms")]
    private static partial void LogHandedOff(ILogger logger, int handedOff, int targets, double milliseconds);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Handed {HandedOff} key and tenant activations off to {Targets} silos; {Failed} were not within {TimeoutSeconds} s and re-read the ledger on their next activation")]
    private static partial void LogHandedOffSome(ILogger logger, int handedOff, int failed, int targets, double timeoutSeconds);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Asking {GrainId} to migrate to {Target} failed")]
    private static partial void LogAskFailed(ILogger logger, Exception exception, GrainId grainId, SiloAddress target);
}
