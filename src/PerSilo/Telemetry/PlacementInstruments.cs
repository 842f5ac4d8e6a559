using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Placement;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>Placement instruments: which node each decision chose, and why none when it chose none; the interactive demand and batch headroom per model.</summary>
public sealed class PlacementInstruments
{
    private readonly Counter<long> _decisions;

    /// <summary>
    /// Creates the instruments on the <c>GatoLink</c> meter of <paramref name="meterFactory"/>; the interactive demand and
    /// the batch headroom of each model of <paramref name="models"/> are observed at scrape time.
    /// </summary>
    public PlacementInstruments(IMeterFactory meterFactory, ModelDirectory? models = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MetricNames.MeterName);
        _decisions = meter.CreateCounter<long>(
            MetricNames.PlacementDecisions,
            MetricNames.UnitDecisions,
            "Placement decisions, by model, strategy, chosen node (none when refused) and reason.");
        if (models is not null)
        {
            meter.CreateObservableGauge(
                MetricNames.PlacementInteractiveDemand,
                () => models.All.Select(m => new Measurement<double>(m.Interactive.Demand.Mean, new KeyValuePair<string, object?>(MetricTags.Model, m.Name))),
                MetricNames.UnitRequests,
                "Interactive requests of this silo in flight for the model (queue wait included), on average: the demand the batch headroom follows, by model.");
            meter.CreateObservableGauge(
                MetricNames.PlacementBatchHeadroom,
                () => models.All.Select(m => new Measurement<int>(m.BatchHeadroom, new KeyValuePair<string, object?>(MetricTags.Model, m.Name))),
                MetricNames.UnitSlots,
                "Running slots batch requests leave free on each node of the model for interactive ones now (0: no interactive request within the window), by model.");
        }
    }

    /// <summary>A placement ended (one per attempt: a failover is a second decision).</summary>
    public void Decided(string model, PlacementStrategyKind strategy, PlacementDecision decision)
    {
        var tags = new TagList
        {
            { MetricTags.Model, model },
            { MetricTags.Strategy, TelemetryLabels.For(strategy) },
            { MetricTags.Node, decision.Node?.Id ?? TelemetryLabels.NoNode },
            { MetricTags.Reason, TelemetryLabels.For(decision) },
        };
        _decisions.Add(1, tags);
    }
}
