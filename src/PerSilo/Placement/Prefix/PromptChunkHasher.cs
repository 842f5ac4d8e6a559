using System.Buffers.Binary;

namespace GatoLink.PerSilo.Placement.Prefix;

/// <summary>
/// Chained hashes of a prompt's raw bytes in fixed-size chunks: chunk i's hash covers every byte before
/// it, so two prompts share chunk hashes exactly as far as they share a byte prefix. Only whole chunks
/// count, as an engine only caches whole blocks.
/// </summary>
public static class PromptChunkHasher
{
    /// <summary>Bytes per chunk: about 64 tokens of English JSON text.</summary>
    public const int ChunkBytes = 256;

    /// <summary>At most this many chunks are hashed (64 KiB of prompt); beyond that affinity gains little.</summary>
    public const int MaxChunks = 256;

    private const ulong Seed = 0x9E3779B97F4A7C15UL;
    private const ulong Mul = 0xBF58476D1CE4E5B9UL;

    /// <summary>
    /// Writes the chunk hashes of <paramref name="prompt"/> into <paramref name="hashes"/>; returns how many. A
    /// <paramref name="namespaceSeed"/> (a tenant's cache salt) starts the chain elsewhere: the same prompt in another
    /// namespace shares no chunk hash, as it shares no block in the node's cache.
    /// </summary>
    public static int Hash(ReadOnlySpan<byte> prompt, Span<ulong> hashes, ulong namespaceSeed = 0)
    {
        var count = Math.Min(Math.Min(prompt.Length / ChunkBytes, hashes.Length), MaxChunks);
        var parent = namespaceSeed == 0 ? Seed : Mix(Seed ^ namespaceSeed);
        for (var c = 0; c < count; c++)
        {
            var chunk = prompt.Slice(c * ChunkBytes, ChunkBytes);
            var h = parent;
            for (var i = 0; i < ChunkBytes; i += 8)
            {
                h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(chunk[i..]));
            }

            // Zero marks an empty slot in the index; keep real hashes away from it.
            hashes[c] = h == 0 ? 1 : h;
            parent = h;
        }

        return count;
    }

    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * Mul;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
