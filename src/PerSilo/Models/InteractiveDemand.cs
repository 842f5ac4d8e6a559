namespace GatoLink.PerSilo.Models;

/// <summary>
/// How many interactive requests for a model this silo has in flight on average, from arrival to the end of the response
/// (a wait in the queue included): the count's mean over time, which by Little's law is their arrival rate times their
/// time in flight. Two exponential averages, one over <c>fast</c> and one over <c>slow</c>, of which the larger counts, so
/// the estimate rises within seconds when chats pick up and falls only over minutes (the slots batch keeps free must be
/// there for the first question after a pause). A lock rather than atomics: a change moves four fields together, and
/// it is taken only by interactive requests and, while they are about, by batch placements.
/// </summary>
public sealed class InteractiveDemand
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _fastSeconds;
    private readonly double _slowSeconds;
    private int _inFlight;
    private long _at;
    private double _fast;
    private double _slow;

    /// <summary>Creates the estimate, at 0.</summary>
    public InteractiveDemand(TimeProvider time, TimeSpan fast, TimeSpan slow)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fast, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(slow, fast);
        _time = time;
        _fastSeconds = fast.TotalSeconds;
        _slowSeconds = slow.TotalSeconds;
        _at = time.GetTimestamp();
    }

    /// <summary>Interactive requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The mean count in flight (the larger of the two averages).</summary>
    public double Mean
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return Math.Max(_fast, _slow);
            }
        }
    }

    /// <summary>
    /// The fewest slots <c>r</c> such that a Poisson count with mean <paramref name="mean"/> reaches <c>r</c> with
    /// probability at most 1 − <paramref name="target"/>: that many interactive requests in flight at once are rarer than
    /// that (M/G/∞: with arrivals at random, the count in flight is Poisson whatever the service times). 0 when
    /// <paramref name="target"/> is 0; at most 64.
    /// </summary>
    public static int Reserve(double mean, double target)
    {
        if (target <= 0)
        {
            return 0;
        }

        var miss = 1 - target;
        var p = Math.Exp(-Math.Max(0, mean));
        var below = 0.0;
        for (var r = 0; r < 64; r++)
        {
            // P(N ≥ r) = 1 − P(N < r).
            if (1 - below <= miss)
            {
                return r;
            }

            below += p;
            p *= mean / (r + 1);
        }

        return 64;
    }

    /// <summary>Counts one interactive request in flight until the scope is disposed.</summary>
    public Scope Enter()
    {
        lock (_gate)
        {
            Advance();
            _inFlight++;
        }

        return new Scope(this);
    }

    private void Exit()
    {
        lock (_gate)
        {
            Advance();
            _inFlight--;
        }
    }

    // The count held since the last change pulls each average toward it by 1 − e^(−Δt/τ): the exact average of a
    // step signal, however irregular the changes.
    private void Advance()
    {
        var now = _time.GetTimestamp();
        var dt = _time.GetElapsedTime(_at, now).TotalSeconds;
        _at = now;
        if (dt <= 0)
        {
            return;
        }

        _fast += (_inFlight - _fast) * (1 - Math.Exp(-dt / _fastSeconds));
        _slow += (_inFlight - _slow) * (1 - Math.Exp(-dt / _slowSeconds));
    }

    /// <summary>One interactive request's place in the count; the default scope counts nothing.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly InteractiveDemand? _owner;

        internal Scope(InteractiveDemand owner) => _owner = owner;

        /// <summary>Ends the request's place in the count (once per scope entered).</summary>
        public void Dispose() => _owner?.Exit();
    }
}
