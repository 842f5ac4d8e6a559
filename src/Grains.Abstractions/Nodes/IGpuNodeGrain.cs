namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>
/// One GPU node in the cluster (key: the node id): its only scraper, and the sum of every silo's requests in flight
/// to it. Silos sync with it every poll interval and place requests from their local replica, never calling it on
/// a request's path.
/// </summary>
[Alias("gatolink.gpu-node-grain")]
public interface IGpuNodeGrain : IGrainWithStringKey
{
    /// <summary>Takes a silo's in-flight figures and answers the node's scraped load and the other silos' share.</summary>
    Task<NodeView> Sync(NodeSiloReport report);

    /// <summary>Reloads the node's record from storage (admin change: URL, engine, models, drain).</summary>
    Task Refresh();
}
