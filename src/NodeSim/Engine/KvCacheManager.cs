namespace GatoLink.NodeSim;

/// <summary>
/// Block accounting with an LRU prefix cache. Not thread-safe: the engine calls it under its lock.
/// </summary>
/// <remarks>
/// A block is free, private to a running request, or a cached prompt block. A cached block with no
/// running request referencing it is evictable: it counts as free for usage (as in vLLM) but keeps its
/// content until the LRU evicts it to make room.
/// </remarks>
internal sealed class KvCacheManager(int totalBlocks, int blockSize)
{
    private readonly Dictionary<ulong, CachedBlock> _cached = [];
    private readonly LinkedList<ulong> _evictable = new();
    private int _privateBlocks;
    private int _pinnedCachedBlocks;

    public int TotalBlocks { get; } = totalBlocks;

    public int BlockSize { get; } = blockSize;

    /// <summary>Blocks held by running requests.</summary>
    public int UsedBlocks => _privateBlocks + _pinnedCachedBlocks;

    public int FreeBlocks => TotalBlocks - _privateBlocks - _cached.Count;

    public int EvictableBlocks => _evictable.Count;

    /// <summary>
    /// Reserves every block the request will ever need (prompt + all output tokens) in one step,
    /// or returns null and changes nothing.
    /// </summary>
    /// <remarks>
    /// Policy: reserve up front rather than grow per token. vLLM grows and, when blocks run out mid-decode,
    /// preempts and later recomputes a running request; the simulator does not model preemption, and
    /// reserving makes admission one atomic check-and-reserve that can never strand a running stream.
    /// The output length is known at admission (max_tokens or the deterministic draw), so the reservation is
    /// exact. Cost: KV usage reads higher than vLLM's early in a request, and admission is a bit more conservative.
    /// </remarks>
    public KvLease? TryAllocate(ulong[] promptBlockHashes, int promptTokens, int totalTokens) =>
        TryAllocate(promptBlockHashes, promptTokens, [totalTokens - promptTokens]);

    /// <summary>
    /// Reserves for one sequence per entry of <paramref name="outputTokens"/> (a request with <c>n</c> choices): the
    /// full prompt blocks once, shared through the prefix cache; each sequence's partial prompt tail and output privately.
    /// </summary>
    public KvLease? TryAllocate(ulong[] promptBlockHashes, int promptTokens, ReadOnlySpan<int> outputTokens)
    {
        var tail = promptTokens - (promptBlockHashes.Length * BlockSize);
        var privateNeeded = 0;
        foreach (var output in outputTokens)
        {
            privateNeeded += (tail + output + BlockSize - 1) / BlockSize;
        }

        var totalNeeded = promptBlockHashes.Length + privateNeeded;
        if (totalNeeded > TotalBlocks)
        {
            return null;
        }

        // vLLM always recomputes the last prompt token, so a fully cached prompt still prefills one block's worth.
        var maxHitBlocks = Math.Max(0, (promptTokens - 1) / BlockSize);
        var hitBlocks = 0;
        while (hitBlocks < promptBlockHashes.Length && hitBlocks < maxHitBlocks && _cached.ContainsKey(promptBlockHashes[hitBlocks]))
        {
            hitBlocks++;
        }

        var newBlocks = totalNeeded - promptBlockHashes.Length;
        var revived = 0;
        foreach (var hash in promptBlockHashes)
        {
            if (!_cached.TryGetValue(hash, out var block))
            {
                newBlocks++;
            }
            else if (block.RefCount == 0)
            {
                revived++;
            }
        }

        if (newBlocks > FreeBlocks + _evictable.Count - revived)
        {
            return null;
        }

        // Pin reused blocks first so eviction below cannot take them.
        foreach (var hash in promptBlockHashes)
        {
            if (_cached.TryGetValue(hash, out var block))
            {
                Pin(block);
            }
        }

        var privateBlocks = privateNeeded;
        while (FreeBlocks < newBlocks)
        {
            EvictOne();
        }

        foreach (var hash in promptBlockHashes)
        {
            if (!_cached.ContainsKey(hash))
            {
                var block = new CachedBlock(hash);
                _cached.Add(hash, block);
                Pin(block);
            }
        }

        _privateBlocks += privateBlocks;
        return new KvLease(promptBlockHashes, privateBlocks, Math.Min(hitBlocks * BlockSize, promptTokens), outputTokens.Length);
    }

    public void Free(KvLease lease)
    {
        _privateBlocks -= lease.PrivateBlocks;

        // Tail blocks go to the LRU first, so they are evicted before the shared head of the prefix.
        for (var i = lease.CachedBlocks.Length - 1; i >= 0; i--)
        {
            var block = _cached[lease.CachedBlocks[i]];
            if (--block.RefCount == 0)
            {
                _pinnedCachedBlocks--;
                block.LruNode = _evictable.AddLast(block.Hash);
            }
        }
    }

    private void Pin(CachedBlock block)
    {
        if (block.RefCount++ == 0)
        {
            _pinnedCachedBlocks++;
            if (block.LruNode is { } node)
            {
                _evictable.Remove(node);
                block.LruNode = null;
            }
        }
    }

    private void EvictOne()
    {
        var oldest = _evictable.First ?? throw new InvalidOperationException("KV accounting broken: nothing to evict.");
        _evictable.RemoveFirst();
        _cached.Remove(oldest.Value);
    }

    private sealed class CachedBlock(ulong hash)
    {
        public ulong Hash { get; } = hash;

        public int RefCount { get; set; }

        public LinkedListNode<ulong>? LruNode { get; set; }
    }
}
