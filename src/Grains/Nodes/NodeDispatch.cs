namespace GatoLink.Grains.Nodes;

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
    private int _firstToken;

    internal NodeDispatch(NodeReplica node, int promptTokens, int maxTokens, long startedAt)
    {
        _node = node;
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

    /// <summary>Ends the in-flight count once.</summary>
    public void Dispose()
    {
        var node = Interlocked.Exchange(ref _node, null);
        if (node is not null)
        {
            node.Release(Volatile.Read(ref _firstToken) == 1 ? _maxTokens : (long)_promptTokens + _maxTokens, StartedAt);
        }
    }
}
