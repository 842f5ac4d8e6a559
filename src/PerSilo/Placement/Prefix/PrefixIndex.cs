namespace GatoLink.PerSilo.Placement.Prefix;

/// <summary>
/// An approximate, lock-free record of the prompt chunks recently sent to one node: a direct-mapped
/// table of chunk hashes where a newer chunk overwrites an older one in the same slot. Sized from the
/// node's KV cache, so it forgets at roughly the rate the engine evicts. A wrong answer costs only a
/// worse placement, never a wrong response.
/// </summary>
public sealed class PrefixIndex
{
    /// <summary>Slots when the node's cache size is unknown.</summary>
    public const int DefaultSlots = 4096;

    private ulong[] _slots;

    /// <summary>Creates an index with <paramref name="slots"/> slots (rounded up to a power of two).</summary>
    public PrefixIndex(int slots = DefaultSlots) => _slots = new ulong[RoundUp(slots)];

    /// <summary>Slots in the table.</summary>
    public int Capacity => Volatile.Read(ref _slots).Length;

    /// <summary>Resizes for a cache holding <paramref name="kvTokens"/> tokens; forgets what it held when the size changes.</summary>
    public void SizeForCache(long kvTokens)
    {
        // A chunk is ~64 tokens; twice the chunks the cache holds keeps collisions rare.
        var chunks = Math.Clamp(kvTokens / 64 * 2, 256, 1 << 22);
        var size = RoundUp((int)chunks);
        if (size != Capacity)
        {
            Volatile.Write(ref _slots, new ulong[size]);
        }
    }

    /// <summary>How many leading chunks of <paramref name="hashes"/> the index holds.</summary>
    public int MatchPrefix(ReadOnlySpan<ulong> hashes)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        var matched = 0;
        while (matched < hashes.Length && Volatile.Read(ref slots[(int)(hashes[matched] & (uint)mask)]) == hashes[matched])
        {
            matched++;
        }

        return matched;
    }

    /// <summary>Records the chunks of a prompt sent to the node.</summary>
    public void Add(ReadOnlySpan<ulong> hashes)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        foreach (var hash in hashes)
        {
            Volatile.Write(ref slots[(int)(hash & (uint)mask)], hash);
        }
    }

    private static int RoundUp(int value) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(value, 16));
}
