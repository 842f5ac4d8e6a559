using System.Net;
using System.Text.Json;
using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains.Nodes.Load;

/// <summary>
/// Scrapes every node's live load each <see cref="PlacementOptions.PollInterval"/> through its engine's
/// adapter and feeds its entry. A slow node never delays the others: each node has at most one scrape
/// outstanding. Models are discovered for nodes registered without any.
/// </summary>
public sealed partial class NodeLoadPoller : BackgroundService
{
    private readonly NodeDirectory _nodes;
    private readonly EngineAdapters _adapters;
    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeLoadPoller> _logger;
    private readonly HttpClient _http;
    private readonly Dictionary<string, Task> _outstanding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _discoveredAt = new(StringComparer.Ordinal);

    /// <summary>Creates the poller.</summary>
    public NodeLoadPoller(NodeDirectory nodes, EngineAdapters adapters, IOptions<PlacementOptions> options, TimeProvider time, ILogger<NodeLoadPoller> logger)
    {
        _nodes = nodes;
        _adapters = adapters;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = _options.ScrapeTimeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>One round: starts a scrape of every node that has none outstanding.</summary>
    public void PollOnce(CancellationToken ct)
    {
        foreach (var node in _nodes.All)
        {
            if (_outstanding.TryGetValue(node.Id, out var running) && !running.IsCompleted)
            {
                continue;
            }

            _outstanding[node.Id] = ScrapeAsync(node, ct);
        }

        if (_outstanding.Count > _nodes.All.Count)
        {
            foreach (var id in _outstanding.Keys.Where(id => _nodes.Get(id) is null).ToList())
            {
                _outstanding.Remove(id);
            }
        }
    }

    /// <summary>Scrapes one node now and feeds its entry; never throws for a node's fault.</summary>
    public async Task ScrapeAsync(NodeReplica node, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.ScrapeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await DiscoverIfNeededAsync(node, linked.Token);
            var sample = await _adapters.For(node.Record.Engine).ScrapeAsync(_http, node.Record, linked.Token);
            if (sample is not null)
            {
                node.ReportLoad(sample);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            Failed(node, "scrape timed out");
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or JsonException or IOException)
        {
            Failed(node, ex.Message);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        try
        {
            do
            {
                PollOnce(stoppingToken);
                _nodes.Signal.Pulse();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }

        await Task.WhenAll(_outstanding.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task DiscoverIfNeededAsync(NodeReplica node, CancellationToken ct)
    {
        if (node.Record.Models.Count > 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        lock (_discoveredAt)
        {
            if (node.Models.Count > 0 && _discoveredAt.TryGetValue(node.Id, out var at) && _time.GetElapsedTime(at, now) < _options.DiscoveryInterval)
            {
                return;
            }

            _discoveredAt[node.Id] = now;
        }

        var models = await ModelDiscovery.DiscoverAsync(_http, node.Record, ct);
        node.SetDiscoveredModels(models);
        LogDiscovered(_logger, node.Id, string.Join(", ", models));
    }

    private void Failed(NodeReplica node, string reason)
    {
        node.ReportScrapeFailure();
        if (node.ScrapeFailures is 1 or 50)
        {
            // First failure and then rarely: a dead node must not flood the log ten times a second.
            LogScrapeFailed(_logger, node.Id, node.ScrapeFailures, reason);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Scrape of node {NodeId} failed ({Failures} in a row): {Reason}")]
    private static partial void LogScrapeFailed(ILogger logger, string nodeId, int failures, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Node {NodeId} serves {Models}")]
    private static partial void LogDiscovered(ILogger logger, string nodeId, string models);
}
