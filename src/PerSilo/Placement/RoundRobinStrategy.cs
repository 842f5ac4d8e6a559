using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.PerSilo.Placement;

/// <summary>Each candidate in turn.</summary>
public sealed class RoundRobinStrategy : IPlacementStrategy
{
    private int _next = -1;

    /// <inheritdoc />
    public PlacementStrategyKind Kind => PlacementStrategyKind.RoundRobin;

    /// <inheritdoc />
    public NodeReplica? Choose(PlacementRequest request, IReadOnlyList<NodeReplica> candidates)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        var turn = (uint)Interlocked.Increment(ref _next);
        return candidates[(int)(turn % (uint)candidates.Count)];
    }
}
