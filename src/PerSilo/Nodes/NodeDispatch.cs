namespace GatoLink.PerSilo.Nodes;

/// <summary>
/// One request in flight to a node: counted from dispatch, its prompt tokens released at the first
/// token, the rest when it is disposed. A class rather than a struct because the first-token call
/// happens deep in the relay, which holds it by reference.
/// </summary>
public sealed class NodeDispatch : IDisposable
{
    private readonly int _promptTokens;
    private readonly int _maxTokens;
    private NodeReplica? _node;
    private readonly int _sequences;
    private readonly double _gpuEnteredAt;
    private int _firstToken;
    private NodeReplica? _gpuNode;
    private double _gpuMs;

    internal NodeDispatch(NodeReplica node, int promptTokens, int maxTokens, long startedAt, int sequences, double gpuEnteredAt)
    {
        _node = node;
        _gpuNode = node;
        _sequences = sequences;
        _gpuEnteredAt = gpuEnteredAt;
        StartedAt = startedAt;
        _promptTokens = promptTokens;
        _maxTokens = maxTokens;
    }

    /// <summary>Timestamp (the node's TimeProvider) of the dispatch.</summary>
    public long StartedAt { get; }

    /// <summary>The first token arrived; idempotent.</summary>
    public void FirstToken()
    {
        if (Interlocked.Exchange(ref _firstToken, 1) == 0)
        {
            Volatile.Read(ref _node)?.FirstToken(_promptTokens);
        }
    }

    /// <summary>
    /// Ends the request's share of the node's GPU time, at the first of this call and the dispose, and returns it in
    /// milliseconds (see <see cref="GpuShareClock"/>); later calls answer the same. Read when the attempt's usage is recorded.
    /// </summary>
    public double StopGpuClock()
    {
        if (Interlocked.Exchange(ref _gpuNode, null) is { } node)
        {
            Volatile.Write(ref _gpuMs, node.GpuClock.Leave(_sequences, _gpuEnteredAt));
        }

        return Volatile.Read(ref _gpuMs);
    }

    /// <summary>Ends the in-flight count and the GPU share once.</summary>
    public void Dispose()
    {
        StopGpuClock();
        var node = Interlocked.Exchange(ref _node, null);
        if (node is not null)
        {
            node.Release(Volatile.Read(ref _firstToken) == 1 ? _maxTokens : (long)_promptTokens + _maxTokens, StartedAt);
        }
    }
}
