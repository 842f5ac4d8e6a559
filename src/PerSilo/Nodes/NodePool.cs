namespace GatoLink.PerSilo.Nodes;

/// <summary>Which nodes make up a model's own GPU pool now.</summary>
public static class NodePool
{
    /// <summary>
    /// True when <paramref name="node"/> may take the model's requests from the pool now: one of the grid's own GPU nodes
    /// (an external provider takes requests only through a model's fallback chain), not draining, serving
    /// <paramref name="model"/>, and available (its circuits let a request through).
    /// </summary>
    public static bool TakesPoolWork(this NodeReplica node, string model)
    {
        ArgumentNullException.ThrowIfNull(node);
        return !node.Record.External && !node.Record.Draining && node.Serves(model) && node.IsAvailable;
    }
}
