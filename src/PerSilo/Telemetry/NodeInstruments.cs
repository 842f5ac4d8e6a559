using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Per-node gauges, observed at scrape time from every registered <see cref="INodeMetricsSource"/>.
/// Nothing to call on the hot path: register a source and resolve this class once at start.
/// </summary>
public sealed class NodeInstruments
{
    private readonly INodeMetricsSource[] _sources;

    /// <summary>Creates the observable gauges; with no source they report nothing.</summary>
    public NodeInstruments(IMeterFactory meterFactory, IEnumerable<INodeMetricsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _sources = sources.ToArray();
        var meter = meterFactory.Create(MetricNames.MeterName);
        meter.CreateObservableGauge(
            MetricNames.NodeQueueDepth, () => Observe(s => s.QueueDepth), MetricNames.UnitRequests, "Requests queued on the node.");
        meter.CreateObservableGauge(
            MetricNames.NodeRunning, () => Observe(s => s.Running), MetricNames.UnitRequests, "Requests running on the node.");
        meter.CreateObservableGauge(
            MetricNames.NodeKvCacheUsage, () => Observe(s => s.KvCacheUsage), MetricNames.UnitRatio, "KV-cache usage of the node, 0 to 1.");
        meter.CreateObservableGauge(
            MetricNames.NodeHealthy, () => Observe(s => s.Healthy ? 1 : 0), null, "1 when the node is healthy, else 0.");
        meter.CreateObservableGauge(
            MetricNames.NodeCircuitStateName,
            () => Observe(s => (int)s.CircuitState),
            null,
            "Circuit breaker state: 0 closed, 1 half-open, 2 open.");
        meter.CreateObservableGauge(
            MetricNames.NodeInFlight,
            () => Observe(s => s.ClusterInFlight),
            MetricNames.UnitRequests,
            "Requests the whole cluster has in flight to the node, as its GpuNodeGrain last reported.");
        meter.CreateObservableGauge(
            MetricNames.NodeSampleAge,
            ObserveSampleAge,
            MetricNames.UnitSeconds,
            "Age of the GpuNodeGrain's last load scrape of the node.");
    }

    private List<Measurement<double>> ObserveSampleAge()
    {
        var measurements = new List<Measurement<double>>();
        foreach (var source in _sources)
        {
            foreach (var snapshot in source.GetNodeSnapshots())
            {
                if (snapshot.SampleAge is { } age)
                {
                    measurements.Add(new Measurement<double>(
                        age.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.Node, snapshot.NodeId)));
                }
            }
        }

        return measurements;
    }

    private List<Measurement<T>> Observe<T>(Func<NodeMetricsSnapshot, T> value)
        where T : struct
    {
        var measurements = new List<Measurement<T>>();
        foreach (var source in _sources)
        {
            foreach (var snapshot in source.GetNodeSnapshots())
            {
                measurements.Add(new Measurement<T>(
                    value(snapshot), new KeyValuePair<string, object?>(MetricTags.Node, snapshot.NodeId)));
            }
        }

        return measurements;
    }
}
