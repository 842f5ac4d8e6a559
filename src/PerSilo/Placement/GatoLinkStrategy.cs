using System.Buffers;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Placement.Prefix;
using GatoLink.PerSilo.Nodes;
using GatoLink.Grains.Placement;

namespace GatoLink.PerSilo.Placement;

/// <summary>
/// Live-load placement in the manner of llm-d's endpoint picker: a weighted sum of a queue scorer (the
/// expected wait of the queue, min-max normalised over the candidates), a KV-headroom scorer and a prefix-affinity scorer (the share of the
/// prompt's leading chunks the node was recently sent), with an imbalance guard that withdraws affinity
/// from a node much hotter than the coolest candidate. Best score wins; ties at random.
/// </summary>
public sealed class GatoLinkStrategy : IPlacementStrategy
{
    private const int StackLimit = 32;
    private readonly PlacementOptions _options;

    /// <summary>Creates the strategy.</summary>
    public GatoLinkStrategy(PlacementOptions options) => _options = options;

    /// <inheritdoc />
    public PlacementStrategyKind Kind => PlacementStrategyKind.GatoLink;

    /// <inheritdoc />
    public NodeReplica? Choose(PlacementRequest request, IReadOnlyList<NodeReplica> candidates)
    {
        var n = candidates.Count;
        if (n == 0)
        {
            return null;
        }

        Span<ulong> hashes = stackalloc ulong[PromptChunkHasher.MaxChunks];
        var chunks = PromptChunkHasher.Hash(request.Prompt.Span, hashes, request.PrefixSeed);
        hashes = hashes[..chunks];
        if (n == 1)
        {
            return Record(candidates[0], hashes);
        }

        double[]? rented = null;
        Span<double> buffer = n <= StackLimit ? stackalloc double[3 * StackLimit] : (rented = ArrayPool<double>.Shared.Rent(3 * n));
        try
        {
            var queue = buffer[..n];
            var kv = buffer.Slice(n, n);
            var prefix = buffer.Slice(2 * n, n);
            double minQueue = double.MaxValue, maxQueue = double.MinValue, minKv = double.MaxValue;
            double knownPace = 0;
            var known = 0;
            for (var i = 0; i < n; i++)
            {
                var load = candidates[i].LiveLoad(_options.StaleAfter);

                // Without a fresh scrape the node's queue is unknown: this silo's in-flight count stands in.
                queue[i] = load.Fresh ? load.Queue : load.Running;
                kv[i] = load.KvUsage;
                prefix[i] = candidates[i].SecondsPerQueued(load.Running) ?? double.NaN;
                if (!double.IsNaN(prefix[i]))
                {
                    knownPace += prefix[i];
                    known++;
                }
            }

            // Queues become expected waits, so fast and slow nodes compare fairly; a node with no history
            // yet is paced like the average of the others (or all count 1 s per request when none has any).
            var defaultPace = known > 0 ? knownPace / known : 1;
            for (var i = 0; i < n; i++)
            {
                queue[i] *= double.IsNaN(prefix[i]) ? defaultPace : prefix[i];
                prefix[i] = chunks == 0 ? 0 : (double)candidates[i].Prefix.MatchPrefix(hashes) / chunks;
                if (!Fits(candidates[i], request, prefix[i], kv[i]))
                {
                    // It would wait in the engine for blocks to free: as good as a full node.
                    kv[i] = 1;
                    queue[i] += defaultPace * 4;
                }

                minQueue = Math.Min(minQueue, queue[i]);
                maxQueue = Math.Max(maxQueue, queue[i]);
                if (!double.IsNaN(kv[i]))
                {
                    minKv = Math.Min(minKv, kv[i]);
                }
            }

            return Record(Pick(candidates, queue, kv, prefix, minQueue, maxQueue, minKv), hashes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The score of one candidate; public for tests and the admin view.</summary>
    public double Score(double queue, double kv, double prefix, double minQueue, double maxQueue, double minKv)
    {
        var queueScore = maxQueue > minQueue ? 1 - ((queue - minQueue) / (maxQueue - minQueue)) : 1;
        var kvScore = double.IsNaN(kv) ? 0.5 : 1 - Math.Clamp(kv, 0, 1);
        var hot = queue - minQueue > _options.ImbalanceQueue || (!double.IsNaN(kv) && minKv != double.MaxValue && kv - minKv > _options.ImbalanceKv);
        var prefixScore = hot ? 0 : prefix;
        return (_options.QueueWeight * queueScore) + (_options.KvWeight * kvScore) + (_options.PrefixWeight * prefixScore);
    }

    private NodeReplica Pick(IReadOnlyList<NodeReplica> candidates, Span<double> queue, Span<double> kv, Span<double> prefix, double minQueue, double maxQueue, double minKv)
    {
        NodeReplica best = candidates[0];
        var bestScore = double.MinValue;
        var ties = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var score = Score(queue[i], kv[i], prefix[i], minQueue, maxQueue, minKv);
            if (score > bestScore + 1e-9)
            {
                best = candidates[i];
                bestScore = score;
                ties = 1;
            }
            else if (score >= bestScore - 1e-9 && Random.Shared.Next(++ties) == 0)
            {
                best = candidates[i];
            }
        }

        return best;
    }

    /// <summary>Whether the KV blocks the request still needs (its uncached prompt and its output) fit in the node's free cache.</summary>
    private static bool Fits(NodeReplica node, PlacementRequest request, double cachedFraction, double kv)
    {
        if (double.IsNaN(kv) || node.LastSample?.KvCapacityTokens is not { } capacity || capacity <= 0)
        {
            return true;
        }

        var needed = (request.PromptTokens * (1 - cachedFraction)) + request.MaxTokens;
        return needed <= (1 - kv) * capacity;
    }

    private static NodeReplica Record(NodeReplica node, ReadOnlySpan<ulong> hashes)
    {
        node.Prefix.Add(hashes);
        return node;
    }
}
