using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Placement;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>Placement instruments: which node each decision chose, and why none when it chose none.</summary>
public sealed class PlacementInstruments
{
    private readonly Counter<long> _decisions;

    /// <summary>Creates the instruments on the <c>GatoLink</c> meter of <paramref name="meterFactory"/>.</summary>
    public PlacementInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MetricNames.MeterName);
        _decisions = meter.CreateCounter<long>(
            MetricNames.PlacementDecisions,
            MetricNames.UnitDecisions,
            "Placement decisions, by model, strategy, chosen node (none when refused) and reason.");
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
