namespace GatoLink.PerSilo.Nodes;

/// <summary>
/// How much of one node's GPU time each of this silo's requests used: processor sharing. While <c>n</c> sequences run
/// on the node, each is charged <c>dt / n</c> of every interval <c>dt</c>; so the charges of everything on the node add
/// up to the time it was busy, and a request that holds the node longer (a long prompt's prefill, a long output) is
/// charged more than one that ends early with the same tokens' price. <c>n</c> is this silo's sequences on the node
/// plus the other silos' requests there as the node's grain last reported them (<see cref="NodeReplica.Apply"/>); the
/// clock is advanced with the old count whenever that report changes it, so each interval is divided by the count in
/// force during it, not by whatever count holds when the next request starts or ends.
/// The clock keeps one running integral of <c>dt / n</c> (a virtual time); a request's share is the integral's growth
/// between its start and its end, times its sequences. One short lock per start and end, no allocation.
/// </summary>
/// <remarks>
/// What the gateway cannot see: a request is counted from its dispatch to the moment its answer is in, while the node
/// is busy with it from its admission (after the request crossed the network and the node parsed and tokenized it) to
/// the end of its generation. Where those edges fall while the node has nothing else to do, they are charged though the
/// GPU idles: the sum of the charges on a node exceeds its busy time by the first request's way in (the dominant edge;
/// measured here at 3–50 ms with the machine loaded, more when both processes are starved of CPU and every hop waits
/// for a core) and the last answer's way out (under 5 ms). The bias is only ever upwards and only at idle edges; a
/// test that compares the charges with the node's own busy time runs the node and this clock on one fake clock, so
/// that no time passes while a request is in transit.
/// </remarks>
public sealed class GpuShareClock
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _last;
    private int _running;
    private int _others;
    private double _virtualMs;

    /// <summary>Creates the clock of one node.</summary>
    public GpuShareClock(TimeProvider time) => _time = time;

    /// <summary>Counts <paramref name="sequences"/> starting on the node; returns the virtual time to give back to <see cref="Leave"/>.</summary>
    public double Enter(int sequences)
    {
        lock (_gate)
        {
            Advance();
            _running += sequences;
            return _virtualMs;
        }
    }

    /// <summary>Ends what <see cref="Enter"/> started at <paramref name="enteredAt"/>; returns its GPU milliseconds.</summary>
    public double Leave(int sequences, double enteredAt)
    {
        lock (_gate)
        {
            Advance();
            _running -= sequences;
            return sequences * (_virtualMs - enteredAt);
        }
    }

    /// <summary>
    /// The other silos' requests on the node, as its grain reported them: the time since the last event is charged at
    /// the old count, the new one applies from now on.
    /// </summary>
    public void SetOthers(int others)
    {
        lock (_gate)
        {
            Advance();
            _others = Math.Max(0, others);
        }
    }

    private void Advance()
    {
        var now = _time.GetTimestamp();
        if (_running > 0)
        {
            _virtualMs += _time.GetElapsedTime(_last, now).TotalMilliseconds / (_running + _others);
        }

        _last = now;
    }
}
