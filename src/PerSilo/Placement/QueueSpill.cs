using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Nodes.Load;

namespace GatoLink.PerSilo.Placement;

/// <summary>
/// When every node is saturated, the request at the head of the silo's queue may still go to a saturated node whose own
/// queue it would leave sooner than the silo's queue drains: the expected wait on the node, (its queue + 1) × its pace, is
/// no longer than the wait of the last request in line here, its length over the fleet's completion rate. A slow node
/// then takes the share of the overflow it can serve within the queue's wait (so the fast nodes run less hot and the
/// median does not pay the whole queue), and never more (its queue stays bounded by the silo's, so the tail does not
/// grow as under least-request). The turn order is kept: only the head spills.
/// </summary>
public static class QueueSpill
{
    /// <summary>
    /// The saturated <paramref name="nodes"/> (each with the load the saturation filter just read) worth sending the head
    /// of a queue of <paramref name="waiting"/> to now; empty when the queue's own wait is shorter. Nodes without a fresh
    /// scrape or a known pace never qualify.
    /// </summary>
    public static List<NodeReplica> Candidates(IReadOnlyList<(NodeReplica Node, NodeLiveLoad Load)> nodes, int waiting)
    {
        var eligible = new List<NodeReplica>(nodes.Count);
        if (waiting <= 0 || nodes.Count == 0)
        {
            return eligible;
        }

        Span<double> waits = nodes.Count <= 32 ? stackalloc double[nodes.Count] : new double[nodes.Count];
        double completionsPerSecond = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            var (node, load) = nodes[i];
            var pace = load.Fresh ? node.SecondsPerQueued(load.Running) : null;
            if (pace is not { } seconds || seconds <= 0)
            {
                waits[i] = double.PositiveInfinity;
                continue;
            }

            // A node running r requests of mean service time t completes r / t a second: the inverse of its pace.
            completionsPerSecond += 1 / seconds;
            waits[i] = (load.Queue + 1) * seconds;
        }

        if (completionsPerSecond <= 0)
        {
            return eligible;
        }

        var queueDrains = waiting / completionsPerSecond;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (waits[i] <= queueDrains)
            {
                eligible.Add(nodes[i].Node);
            }
        }

        return eligible;
    }
}
