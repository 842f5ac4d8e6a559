namespace GatoLink.NodeSim;

/// <summary>Chained block hashes as in vLLM's automatic prefix caching: block i's hash covers block i-1's.</summary>
internal static class BlockHasher
{
    private const ulong RootHash = 0x6A09E667F3BCC908UL;
    private const ulong Prime = 0x100000001B3UL;

    /// <summary>
    /// Hashes of every full block of <paramref name="ids"/>; a partial tail block is never cached. A
    /// <paramref name="cacheSalt"/> is mixed into the first block only, as vLLM does (<c>generate_block_hash_extra_keys</c>
    /// adds it when the block starts at token 0): the chain carries it into every later block, so requests with
    /// different salts share no block, and requests with the same salt share as without one.
    /// </summary>
    public static ulong[] FullBlockHashes(List<int> ids, int blockSize, string? cacheSalt = null)
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
            if (b == 0 && cacheSalt is not null)
            {
                h = SplitMix64.Mix(h, SaltHash(cacheSalt));
            }

            for (var i = b * blockSize; i < (b + 1) * blockSize; i++)
            {
                h = (h ^ (uint)ids[i]) * Prime;
            }

            parent = SplitMix64.Mix(h, parent);
            hashes[b] = parent;
        }

        return hashes;
    }

    private static ulong SaltHash(string salt)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in salt)
        {
            h = (h ^ c) * Prime;
        }

        return h;
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
