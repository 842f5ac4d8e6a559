using GatoLink.PerSilo.Nodes;

namespace GatoLink.PerSilo.Placement;

/// <summary>The answer of <see cref="Models.ModelRoute.PlaceAsync"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Node">The chosen node when <see cref="PlacementOutcome.Placed"/>.</param>
/// <param name="Waited">Time spent in the admission queue.</param>
public readonly record struct PlacementDecision(PlacementOutcome Outcome, NodeReplica? Node, TimeSpan Waited)
{
    /// <summary>
    /// The model queue's ticket whose turn placed it, when it waited for one: the queue counted its claimed work, and is
    /// told what it really used.
    /// </summary>
    public Guid? Turn { get; init; }

    /// <summary>Placed at once.</summary>
    public static PlacementDecision Placed(NodeReplica node) => new(PlacementOutcome.Placed, node, TimeSpan.Zero);

    /// <summary>Nothing can take it.</summary>
    public static PlacementDecision None { get; } = new(PlacementOutcome.NoNode, null, TimeSpan.Zero);

    /// <summary>The own pool cannot take it and its tenant may not leave it.</summary>
    public static PlacementDecision Denied { get; } = new(PlacementOutcome.OverflowDenied, null, TimeSpan.Zero);

    /// <summary>Every candidate is saturated (before waiting).</summary>
    public static PlacementDecision AllSaturated { get; } = new(PlacementOutcome.Saturated, null, TimeSpan.Zero);
}
