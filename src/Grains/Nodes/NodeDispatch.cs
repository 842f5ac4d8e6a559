namespace GatoLink.Grains.Nodes;

/// <summary>One request in flight to a node; disposing it ends the count.</summary>
public struct NodeDispatch : IDisposable
{
    private GpuNodeGrain? _node;

    internal NodeDispatch(GpuNodeGrain node) => _node = node;

    /// <summary>Ends the in-flight count once.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _node, null)?.Release();
    }
}
