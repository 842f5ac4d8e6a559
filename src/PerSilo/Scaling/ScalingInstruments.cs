using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.PerSilo.Scaling;

/// <summary>
/// <c>gatolink_model_desired_nodes{model}</c> and <c>gatolink_model_current_nodes{model}</c>: the scaling signal for
/// autoscalers (KEDA, HPA on external metrics). Every silo reports the same figures: take the max over instances.
/// </summary>
public sealed class ScalingInstruments
{
    /// <summary>Creates the gauges over the monitor's latest readings.</summary>
    public ScalingInstruments(IMeterFactory meterFactory, ModelScalingMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(monitor);
        var meter = meterFactory.Create(MetricNames.MeterName);
        meter.CreateObservableGauge(MetricNames.ModelDesiredNodes, () => Observe(monitor, s => s.DesiredNodes), MetricNames.UnitNodes, "Nodes the model should have, by its queue wait, KV use and engine queues, after the cool-down.");
        meter.CreateObservableGauge(MetricNames.ModelCurrentNodes, () => Observe(monitor, s => s.CurrentNodes), MetricNames.UnitNodes, "Nodes serving the model now (healthy, not draining).");
    }

    private static IEnumerable<Measurement<int>> Observe(ModelScalingMonitor monitor, Func<ModelScaling, int> value) =>
        monitor.All.Select(s => new Measurement<int>(value(s), new KeyValuePair<string, object?>(MetricTags.Model, s.Model)));
}
