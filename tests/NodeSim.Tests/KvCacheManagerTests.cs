namespace GatoLink.NodeSim.Tests;

public sealed class KvCacheManagerTests
{
    private static ulong[] Hashes(int tokens, int seed = 0)
    {
        var ids = Enumerable.Range(seed * 100_000, tokens).ToList();
        return BlockHasher.FullBlockHashes(ids, 16);
    }

    [Fact]
    public void AllocationReservesPromptPlusOutputBlocksAndFreeReturnsUsageToZero()
    {
        var kv = new KvCacheManager(totalBlocks: 100, blockSize: 16);
        var lease = kv.TryAllocate(Hashes(40), promptTokens: 40, totalTokens: 40 + 30);
        Assert.NotNull(lease);
        Assert.Equal(5, kv.UsedBlocks); // ceil(70 / 16)
        kv.Free(lease);
        Assert.Equal(0, kv.UsedBlocks);
        Assert.Equal(2, kv.EvictableBlocks); // the two full prompt blocks stay cached
    }

    [Fact]
    public void RepeatedPrefixHitsFullBlocksButAlwaysRecomputesTheLastToken()
    {
        var kv = new KvCacheManager(100, 16);
        kv.Free(kv.TryAllocate(Hashes(64), 64, 65)!);
        var again = kv.TryAllocate(Hashes(64), 64, 65)!;
        Assert.Equal(48, again.HitTokens); // 4 full blocks cached, the last one is recomputed like vLLM

        var other = kv.TryAllocate(Hashes(64, seed: 1), 64, 65)!;
        Assert.Equal(0, other.HitTokens);
    }

    [Fact]
    public void ConcurrentSharersPinTheSameBlocksOnce()
    {
        var kv = new KvCacheManager(100, 16);
        var a = kv.TryAllocate(Hashes(32), 32, 33)!;
        var b = kv.TryAllocate(Hashes(32), 32, 33)!;
        Assert.Equal(16, b.HitTokens);
        Assert.Equal(4, kv.UsedBlocks); // 2 shared prompt blocks + 1 private each
        kv.Free(a);
        kv.Free(b);
        Assert.Equal(0, kv.UsedBlocks);
    }

    [Fact]
    public void RefusesWhenNotEnoughBlocksAndEvictsLeastRecentlyUsedCachedBlocks()
    {
        var kv = new KvCacheManager(4, 16);
        var big = kv.TryAllocate(Hashes(48), 48, 64)!;
        Assert.Null(kv.TryAllocate(Hashes(16, seed: 2), 16, 17)); // 4 used, nothing evictable
        kv.Free(big);
        Assert.Equal(3, kv.EvictableBlocks);

        var next = kv.TryAllocate(Hashes(32, seed: 3), 32, 64);
        Assert.NotNull(next);
        Assert.Equal(4, kv.UsedBlocks);
        Assert.Equal(0, kv.EvictableBlocks);
    }
}
