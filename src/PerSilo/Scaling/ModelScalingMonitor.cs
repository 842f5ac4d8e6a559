using System.Collections.Concurrent;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Models;

namespace GatoLink.PerSilo.Scaling;

/// <summary>
/// Every <see cref="ScalingOptions.Interval"/>, reads each model's signals — its nodes' running and waiting sequences
/// and KV use from this silo's replica of the cluster's node loads, and its wait queue from the model's grain — and
/// keeps the recommendation (<see cref="ScalingAdvisor"/> through a <see cref="ScalingStabilizer"/>). Every silo computes
/// it from the same cluster-wide figures, so any silo answers; dashboards take the max over silos. One grain call per
/// model per interval, off the request path.
/// </summary>
public sealed partial class ModelScalingMonitor : BackgroundService
{
    private readonly ModelDirectory _models;
    private readonly NodeDirectory _nodes;
    private readonly ModelQueues _queues;
    private readonly PlacementOptions _placement;
    private readonly ScalingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelScalingMonitor> _logger;
    private readonly Dictionary<string, ScalingStabilizer> _stabilizers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelScaling> _latest = new(StringComparer.Ordinal);

    /// <summary>Creates the monitor.</summary>
    public ModelScalingMonitor(ModelDirectory models, NodeDirectory nodes, ModelQueues queues, PlacementOptions placement, IOptions<ScalingOptions> options, TimeProvider time, ILogger<ModelScalingMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _models = models;
        _nodes = nodes;
        _queues = queues;
        _placement = placement;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Every model's latest recommendation.</summary>
    public IReadOnlyCollection<ModelScaling> All => _latest.Values.ToArray();

    /// <summary>A model's latest recommendation, or null before its first reading.</summary>
    public ModelScaling? Get(string model) => _latest.TryGetValue(model, out var scaling) ? scaling : null;

    /// <summary>Reads every model once.</summary>
    public async Task ReadOnceAsync(CancellationToken ct)
    {
        var routes = _models.All;
        foreach (var route in routes)
        {
            _latest[route.Name] = await ReadAsync(route.Name, ct);
        }

        foreach (var gone in _latest.Keys.Where(name => routes.All(r => r.Name != name)).ToList())
        {
            _latest.TryRemove(gone, out _);
            _stabilizers.Remove(gone);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do
            {
                await ReadOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task<ModelScaling> ReadAsync(string model, CancellationToken ct)
    {
        var (queued, waitP95) = await ReadQueueAsync(model, ct);
        int current = 0;
        double running = 0, waiting = 0, kvSum = 0;
        var kvCount = 0;
        foreach (var node in _nodes.All)
        {
            // An external provider is no GPU of the grid: the signal counts the own pool only.
            if (!node.TakesPoolWork(model))
            {
                continue;
            }

            current++;
            var load = node.LiveLoad(_placement.StaleAfter);
            running += load.Running;
            waiting += load.Queue;
            if (load.Fresh && !double.IsNaN(load.KvUsage))
            {
                kvSum += load.KvUsage;
                kvCount++;
            }
        }

        var signals = new ScalingSignals(current, running, waiting, kvCount == 0 ? null : kvSum / kvCount, queued, waitP95);
        var targets = _options.For(model);
        var (raw, reason) = ScalingAdvisor.Recommend(signals, targets);
        if (!_stabilizers.TryGetValue(model, out var stabilizer))
        {
            _stabilizers[model] = stabilizer = new ScalingStabilizer();
        }

        var now = _time.GetUtcNow();
        var before = stabilizer.Desired;
        var desired = stabilizer.Add(now, raw, _options.CoolDown);
        if (desired != before)
        {
            LogChanged(_logger, model, before, desired, reason);
        }

        return new ModelScaling(model, current, desired, desired > raw ? ScalingReason.CoolingDown : reason, raw, reason, signals, targets, _options.CoolDown, now, stabilizer.ChangedAt);
    }

    private async Task<(int Queued, double WaitP95)> ReadQueueAsync(string model, CancellationToken ct)
    {
        try
        {
            var stats = await _queues.For(model).Stats().WaitAsync(_options.Interval, _time, ct);
            return (stats.Length, stats.WaitP95Seconds);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The queue's figures are missing from this reading only; the nodes' still count.
            LogQueueUnread(_logger, model, ex.Message);
            return (0, 0);
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Model {Model}: recommended nodes {Before} -> {After} ({Reason})")]
    private static partial void LogChanged(ILogger logger, string model, int before, int after, ScalingReason reason);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Model {Model}: reading its wait queue for the scaling signal failed: {Reason}")]
    private static partial void LogQueueUnread(ILogger logger, string model, string reason);
}
