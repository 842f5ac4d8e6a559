using System.Text.Json;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Nodes.Load;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace GatoLink.Grains.Nodes;

/// <summary>
/// The one scraper of a GPU node in the cluster. A grain timer scrapes every poll interval (interleaved, so a slow node
/// never holds up the silos' syncs); each silo reports its requests in flight and its upstream outcomes, and gets back
/// the node's load, the other silos' share and the cluster's circuit breaker, so placement on any silo sees the whole
/// cluster without a call on the request path.
/// </summary>
/// <remarks>
/// Immovable: the grain rebuilds its state on activation, so Orleans moving it when its silo shuts down (which 10.4.2
/// does for an activation with a request waiting, and a timer tick is one) carries nothing over, and on the last silo
/// the move finds no destination and logs an error on an orderly stop. A request that waits is forwarded instead.
/// </remarks>
[Immovable]
public sealed partial class GpuNodeGrain : Grain, IGpuNodeGrain
{
    private readonly Dictionary<string, SiloShare> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _atScrape = new(StringComparer.Ordinal);
    private readonly INodeStore _store;
    private readonly NodeScraper _scraper;
    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GpuNodeGrain> _logger;
    private readonly ClusterCircuit _circuit;
    private GpuNodeRecord? _record;
    private NodeLoadSample? _sample;
    private long _sampleNumber;
    private long _sampledAt;
    private int _failures;
    private string[] _discovered = [];
    private long _discoveredAt;
    private bool _scraping;

    /// <summary>Creates the grain.</summary>
    public GpuNodeGrain(INodeStore store, NodeScraper scraper, PlacementOptions options, NodeHealthOptions health, TimeProvider time, ILogger<GpuNodeGrain> logger)
    {
        _circuit = new ClusterCircuit(health, time);
        _store = store;
        _scraper = scraper;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _record = await _store.GetAsync(this.GetPrimaryKeyString(), cancellationToken);
        this.RegisterGrainTimer(ScrapeAsync, new GrainTimerCreationOptions(TimeSpan.Zero, _options.PollInterval) { Interleave = true });
    }

    /// <inheritdoc />
    public Task<NodeView> Sync(NodeSiloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = _time.GetTimestamp();
        _silos[report.SiloId] = new SiloShare(report, now);
        _circuit.Report(report.Failures, report.Successes);
        int others = 0, othersAtScrape = 0;
        long othersTokens = 0;
        foreach (var (silo, share) in _silos)
        {
            if (_time.GetElapsedTime(share.At, now) > SiloReportLifetime)
            {
                // A silo that stopped reporting (it died): its requests are gone with it.
                _silos.Remove(silo);
                _atScrape.Remove(silo);
                continue;
            }

            if (silo != report.SiloId)
            {
                others += share.Report.InFlight;
                othersTokens += share.Report.InFlightTokens;
                othersAtScrape += _atScrape.GetValueOrDefault(silo);
            }
        }

        var age = _sample is null ? TimeSpan.Zero : _time.GetElapsedTime(_sampledAt, now);
        return Task.FromResult(new NodeView(_sample, _sampleNumber, age, _failures, others, othersTokens, othersAtScrape, _discovered, _circuit.OpenFor));
    }

    /// <inheritdoc />
    public async Task Refresh() => _record = await _store.GetAsync(this.GetPrimaryKeyString(), CancellationToken.None);

    /// <summary>How long a silo's report counts without renewal.</summary>
    private TimeSpan SiloReportLifetime => _options.StaleAfter;

    private async Task ScrapeAsync(CancellationToken ct)
    {
        if (_record is not { } record || _scraping)
        {
            return;
        }

        _scraping = true;
        using var timeout = new CancellationTokenSource(_options.ScrapeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await DiscoverIfDueAsync(record, linked.Token);
            var sample = await _scraper.ScrapeAsync(record, linked.Token);
            if (sample is not null)
            {
                _sample = sample;
                _sampleNumber++;
                _sampledAt = _time.GetTimestamp();
                _failures = 0;
                _atScrape.Clear();
                foreach (var (silo, share) in _silos)
                {
                    _atScrape[silo] = share.Report.InFlight;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            Failed(record.Id, "scrape timed out");
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or JsonException or IOException)
        {
            Failed(record.Id, ex.Message);
        }
        finally
        {
            _scraping = false;
        }
    }

    private async Task DiscoverIfDueAsync(GpuNodeRecord record, CancellationToken ct)
    {
        if (record.Models.Count > 0 || (_discovered.Length > 0 && _time.GetElapsedTime(_discoveredAt) < _options.DiscoveryInterval))
        {
            return;
        }

        _discoveredAt = _time.GetTimestamp();
        _discovered = [.. await _scraper.DiscoverAsync(record, ct)];
        LogDiscovered(_logger, record.Id, string.Join(", ", _discovered));
    }

    private void Failed(string nodeId, string reason)
    {
        _failures++;
        if (_failures == 1)
        {
            // One scrape that did not answer in time is not yet a node in trouble (a silo starting on a busy machine
            // sees it): said, not warned. Two in a row is, and then rarely: a dead node must not flood the log.
            LogScrapeMissed(_logger, nodeId, reason);
        }
        else if (_failures is 2 or 50)
        {
            LogScrapeFailed(_logger, nodeId, _failures, reason);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Scrape of node {NodeId} failed ({Failures} in a row): {Reason}")]
    private static partial void LogScrapeFailed(ILogger logger, string nodeId, int failures, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Scrape of node {NodeId} failed once: {Reason}")]
    private static partial void LogScrapeMissed(ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Node {NodeId} serves {Models}")]
    private static partial void LogDiscovered(ILogger logger, string nodeId, string models);

    private readonly record struct SiloShare(NodeSiloReport Report, long At);
}
