namespace GatoLink.NodeSim;

/// <summary>Chained block hashes as in vLLM's automatic prefix caching: block i's hash covers block i-1's.</summary>
internal static class BlockHasher
{
    private const ulong RootHash = 0x6A09E667F3BCC908UL;
    private const ulong Prime = 0x100000001B3UL;

    /// <summary>Hashes of every full block of <paramref name="ids"/>; a partial tail block is never cached.</summary>
    public static ulong[] FullBlockHashes(List<int> ids, int blockSize)
    {
        var blocks = ids.Count / blockSize;
        if (blocks == 0)
        {
            return [];
        }

        var hashes = new ulong[blocks];
        var parent = RootHash;
        for (var b = 0; b < blocks; b++)
        {
            var h = parent ^ 0xCBF29CE484222325UL;
            for (var i = b * blockSize; i < (b + 1) * blockSize; i++)
            {
                h = (h ^ (uint)ids[i]) * Prime;
            }

            parent = SplitMix64.Mix(h, parent);
            hashes[b] = parent;
        }

        return hashes;
    }

    /// <summary>A hash of the whole prompt, partial tail included; seeds the generated text.</summary>
    public static ulong PromptHash(List<int> ids)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var id in ids)
        {
            h = (h ^ (uint)id) * Prime;
        }

        return SplitMix64.Mix(h, (ulong)ids.Count);
    }
}
