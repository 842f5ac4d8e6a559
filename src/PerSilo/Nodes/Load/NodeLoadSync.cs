using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.PerSilo.Nodes.Load;

/// <summary>
/// Keeps this silo's node replicas in step with the node grains: every poll interval each replica reports this silo's
/// requests in flight to its <see cref="IGpuNodeGrain"/> and takes back the scraped load and the other silos' share.
/// A node whose grain does not answer keeps its last view, which goes stale on its own. The calls run off the request
/// path; placement reads the replicas.
/// </summary>
public sealed partial class NodeLoadSync : BackgroundService
{
    private readonly NodeDirectory _nodes;
    private readonly IGrainFactory _grains;
    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeLoadSync> _logger;
    private readonly Dictionary<string, Task> _outstanding = new(StringComparer.Ordinal);
    private readonly string _siloId = Guid.NewGuid().ToString("N");
    private int _failures;

    /// <summary>Creates the loop.</summary>
    public NodeLoadSync(NodeDirectory nodes, IGrainFactory grains, IOptions<PlacementOptions> options, TimeProvider time, ILogger<NodeLoadSync> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _nodes = nodes;
        _grains = grains;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts one sync per node that has none running.</summary>
    public void SyncOnce(CancellationToken ct)
    {
        var all = _nodes.All;
        foreach (var node in all)
        {
            if (_outstanding.TryGetValue(node.Id, out var running) && !running.IsCompleted)
            {
                continue;
            }

            _outstanding[node.Id] = SyncAsync(node, ct);
        }

        if (_outstanding.Count > all.Count)
        {
            foreach (var id in _outstanding.Keys.Where(id => _nodes.Get(id) is null).ToList())
            {
                _outstanding.Remove(id);
            }
        }
    }

    /// <summary>Syncs one replica with its grain now; never throws for a grain's fault.</summary>
    public async Task SyncAsync(NodeReplica node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            var view = await _grains.GetGrain<IGpuNodeGrain>(node.Id).Sync(node.Report(_siloId)).WaitAsync(_options.ScrapeTimeout, _time, ct);
            node.Apply(view);
            _failures = 0;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            if (Interlocked.Increment(ref _failures) is 1 or 100)
            {
                LogSyncFailed(_logger, node.Id, ex.Message);
            }
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
                SyncOnce(stoppingToken);
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

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Syncing node {NodeId} with its grain failed: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string nodeId, string reason);
}
