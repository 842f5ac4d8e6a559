namespace GatoLink.PerSilo.Placement;

/// <summary>How a placement ended.</summary>
public enum PlacementOutcome
{
    /// <summary>A node was chosen.</summary>
    Placed,
    /// <summary>No node serves the model, or none is available (all tried, draining, or open circuits).</summary>
    NoNode,
    /// <summary>Every node stayed saturated for the whole admission wait.</summary>
    Saturated,
    /// <summary>Every node is saturated and the admission queue is full.</summary>
    QueueFull,
    /// <summary>The client went away while waiting.</summary>
    Cancelled,
}
