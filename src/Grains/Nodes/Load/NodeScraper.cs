using System.Net;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Placement;

namespace GatoLink.Grains.Nodes.Load;

/// <summary>
/// Reads a node's live load through its engine's adapter, and the models it serves. One per silo, shared by the node
/// grains activated there (one HTTP connection pool; a scrape never waits behind another node's).
/// </summary>
public sealed class NodeScraper : IDisposable
{
    private readonly EngineAdapters _adapters;
    private readonly HttpClient _http;

    /// <summary>Creates the scraper.</summary>
    public NodeScraper(EngineAdapters adapters, PlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _adapters = adapters;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = options.ScrapeTimeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Scrapes the node's load; null when the engine exports nothing useful.</summary>
    public Task<NodeLoadSample?> ScrapeAsync(GpuNodeRecord node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _adapters.For(node.Engine).ScrapeAsync(_http, node, ct);
    }

    /// <summary>Asks the node which models it serves.</summary>
    public Task<IReadOnlyList<string>> DiscoverAsync(GpuNodeRecord node, CancellationToken ct) => ModelDiscovery.DiscoverAsync(_http, node, ct);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
