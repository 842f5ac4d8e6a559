using GatoLink.PerSilo.Nodes;

namespace GatoLink.PerSilo.Placement;

/// <summary>The answer of <see cref="Models.ModelRoute.PlaceAsync"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Node">The chosen node when <see cref="PlacementOutcome.Placed"/>.</param>
/// <param name="Waited">Time spent in the admission queue.</param>
public readonly record struct PlacementDecision(PlacementOutcome Outcome, NodeReplica? Node, TimeSpan Waited)
{
    /// <summary>Placed at once.</summary>
    public static PlacementDecision Placed(NodeReplica node) => new(PlacementOutcome.Placed, node, TimeSpan.Zero);

    /// <summary>Nothing can take it.</summary>
    public static PlacementDecision None { get; } = new(PlacementOutcome.NoNode, null, TimeSpan.Zero);

    /// <summary>Every candidate is saturated (before waiting).</summary>
    public static PlacementDecision AllSaturated { get; } = new(PlacementOutcome.Saturated, null, TimeSpan.Zero);
}
