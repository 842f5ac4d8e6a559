using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.PerSilo.Placement.Prefix;

namespace GatoLink.PerSilo.Placement;

/// <summary>
/// Delay scheduling for the head of a model's queue (Zaharia et al., EuroSys 2010): when every node that can take the
/// request now is cold for its prompt's prefix while a saturated node holds it, the head waits up to a limit for a warm
/// node to free a slot rather than copy the prefix to a cold one. One copy costs more than its prefill: the copy takes KV
/// blocks for as long as the group keeps sending there, and on a node whose cache binds, fewer requests run. One hold
/// per queued request; not thread-safe (the queue's head tries to place from one waiter at a time).
/// </summary>
public sealed class AffinityHold
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _limit;
    private long _since = -1;
    private ulong[]? _hashes;

    /// <summary>Creates the hold of one queued request.</summary>
    public AffinityHold(TimeProvider time, TimeSpan limit)
    {
        _time = time;
        _limit = limit;
    }

    /// <summary>
    /// True while the request should keep waiting for a warm node: a saturated node holds at least half of the prompt's
    /// chunks and more than twice what any of <paramref name="candidates"/> holds, and the limit has not passed since the
    /// first time this was so.
    /// </summary>
    public bool Holds(PlacementRequest request, IReadOnlyList<NodeReplica> candidates, IReadOnlyList<(NodeReplica Node, NodeLiveLoad Load)> saturated)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_since >= 0 && _time.GetElapsedTime(_since) >= _limit)
        {
            // Held once already for the whole limit: never again for this request.
            return false;
        }

        // The head is asked again on every pulse while it waits: its prompt is hashed once.
        var hashes = _hashes ??= Hash(request);
        var chunks = hashes.Length;
        if (chunks == 0)
        {
            return false;
        }

        var warm = 0;
        for (var i = 0; i < saturated.Count; i++)
        {
            warm = Math.Max(warm, saturated[i].Node.Prefix.MatchPrefix(hashes));
        }

        var cold = 0;
        for (var i = 0; i < candidates.Count && cold * 2 <= warm; i++)
        {
            cold = Math.Max(cold, candidates[i].Prefix.MatchPrefix(hashes));
        }

        if (warm * 2 < chunks || cold * 2 > warm)
        {
            return false;
        }

        if (_since < 0)
        {
            _since = _time.GetTimestamp();
            return true;
        }

        return _time.GetElapsedTime(_since) < _limit;
    }

    private static ulong[] Hash(PlacementRequest request)
    {
        Span<ulong> hashes = stackalloc ulong[PromptChunkHasher.MaxChunks];
        return hashes[..PromptChunkHasher.Hash(request.Prompt.Span, hashes, request.PrefixSeed)].ToArray();
    }
}
