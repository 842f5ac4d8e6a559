using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.PerSilo.Placement;

/// <summary>The node with the fewest of this silo's requests in flight; ties broken at random.</summary>
public sealed class LeastRequestStrategy : IPlacementStrategy
{
    /// <inheritdoc />
    public PlacementStrategyKind Kind => PlacementStrategyKind.LeastRequest;

    /// <inheritdoc />
    public NodeReplica? Choose(PlacementRequest request, IReadOnlyList<NodeReplica> candidates)
    {
        NodeReplica? best = null;
        var bestLoad = int.MaxValue;
        var ties = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var load = candidates[i].ClusterInFlight;
            if (load < bestLoad)
            {
                best = candidates[i];
                bestLoad = load;
                ties = 1;
            }
            else if (load == bestLoad && Random.Shared.Next(++ties) == 0)
            {
                // Reservoir sampling keeps each tied node equally likely.
                best = candidates[i];
            }
        }

        return best;
    }
}
