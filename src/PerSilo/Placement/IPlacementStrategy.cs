using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.PerSilo.Placement;

/// <summary>Chooses one node for a request among eligible candidates.</summary>
public interface IPlacementStrategy
{
    /// <summary>Which strategy this is.</summary>
    PlacementStrategyKind Kind { get; }

    /// <summary>
    /// The best node among <paramref name="candidates"/> (already filtered: serve the model,
    /// available, not draining, not excluded), or null when there is none.
    /// </summary>
    NodeReplica? Choose(PlacementRequest request, IReadOnlyList<NodeReplica> candidates);
}
