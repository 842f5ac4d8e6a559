namespace GatoLink.NodeSim;

/// <summary>Tiny allocation-free seeded RNG; the simulator needs reproducibility, not quality.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public int NextInt(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    public static ulong Mix(ulong a, ulong b)
    {
        var rng = new SplitMix64(a ^ (b * 0xD6E8FEB86659FD93UL));
        return rng.NextUInt64();
    }
}
