namespace GatoLink.NodeSim;

/// <summary>What every replica of a model shares: its "weights", reduced to a seed derived from the model name.</summary>
internal static class ModelWeights
{
    /// <summary>
    /// Depends on the model only, never on the node's seed: a gateway may send the same request to any node, and
    /// what the weights alone decide (embeddings, greedy decoding) must come out the same there.
    /// </summary>
    public static long Seed(string model)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in model)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
