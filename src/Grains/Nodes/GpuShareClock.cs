namespace GatoLink.Grains.Nodes;

/// <summary>
/// How much of one node's GPU time each of this silo's requests used: processor sharing. While <c>n</c> sequences run
/// on the node, each is charged <c>dt / n</c> of every interval <c>dt</c>; so the charges of everything on the node add
/// up to the time it was busy, and a request that holds the node longer (a long prompt's prefill, a long output) is
/// charged more than one that ends early with the same tokens' price. <c>n</c> is this silo's sequences on the node
/// plus the other silos' requests there as the node's grain last reported them (<see cref="NodeReplica.Apply"/>).
/// The clock keeps one running integral of <c>dt / n</c> (a virtual time); a request's share is the integral's growth
/// between its start and its end, times its sequences. One short lock per start and end, no allocation.
/// </summary>
public sealed class GpuShareClock
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _last;
    private int _running;
    private double _virtualMs;

    /// <summary>Creates the clock of one node.</summary>
    public GpuShareClock(TimeProvider time) => _time = time;

    /// <summary>Counts <paramref name="sequences"/> starting on the node; returns the virtual time to give back to <see cref="Leave"/>.</summary>
    public double Enter(int sequences, int others)
    {
        lock (_gate)
        {
            Advance(others);
            _running += sequences;
            return _virtualMs;
        }
    }

    /// <summary>Ends what <see cref="Enter"/> started at <paramref name="enteredAt"/>; returns its GPU milliseconds.</summary>
    public double Leave(int sequences, double enteredAt, int others)
    {
        lock (_gate)
        {
            Advance(others);
            _running -= sequences;
            return sequences * (_virtualMs - enteredAt);
        }
    }

    private void Advance(int others)
    {
        var now = _time.GetTimestamp();
        if (_running > 0)
        {
            _virtualMs += _time.GetElapsedTime(_last, now).TotalMilliseconds / (_running + Math.Max(0, others));
        }

        _last = now;
    }
}
