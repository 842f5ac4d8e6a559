namespace GatoLink.NodeSim;

/// <summary>KV blocks held by one running request: pinned prefix-cache blocks plus private ones.</summary>
internal sealed class KvLease(ulong[] cachedBlocks, int privateBlocks, int hitTokens, int sequences)
{
    /// <summary>Hashes of the full prompt blocks this request pins in the prefix cache, in prompt order.</summary>
    public ulong[] CachedBlocks { get; } = cachedBlocks;

    /// <summary>Blocks only this request uses: the partial prompt tail and the generation.</summary>
    public int PrivateBlocks { get; } = privateBlocks;

    /// <summary>Prompt tokens found in the prefix cache (they skip prefill).</summary>
    public int HitTokens { get; } = hitTokens;

    /// <summary>Sequences (choices) running on this lease; each takes one of max_num_seqs.</summary>
    public int Sequences { get; } = sequences;
}
