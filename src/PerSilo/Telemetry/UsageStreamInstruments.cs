using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Usage-stream gauges, observed at scrape time from every registered <see cref="IUsageStreamMetricsSource"/>
/// (summed: one silo normally has one). Nothing to call on the hot path: register a source.
/// </summary>
public sealed class UsageStreamInstruments
{
    private readonly IUsageStreamMetricsSource[] _sources;

    /// <summary>Creates the observable gauges; with no source they report nothing.</summary>
    public UsageStreamInstruments(IMeterFactory meterFactory, IEnumerable<IUsageStreamMetricsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _sources = sources.ToArray();
        var meter = meterFactory.Create(MetricNames.MeterName);
        meter.CreateObservableGauge(
            MetricNames.UsageSpoolDepth,
            ObserveDepth,
            MetricNames.UnitEvents,
            "Usage events durable in this silo's spool and not yet acknowledged by the ledger.");
        meter.CreateObservableGauge(
            MetricNames.UsageStreamLag,
            ObserveLag,
            MetricNames.UnitSeconds,
            "Age of the oldest usage event of this silo not yet in the ledger.");
    }

    private IEnumerable<Measurement<long>> ObserveDepth()
    {
        if (_sources.Length == 0)
        {
            yield break;
        }

        long depth = 0;
        foreach (var source in _sources)
        {
            depth += source.GetUsageStreamSnapshot().SpoolDepth;
        }

        yield return new Measurement<long>(depth);
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        if (_sources.Length == 0)
        {
            yield break;
        }

        var lag = TimeSpan.Zero;
        foreach (var source in _sources)
        {
            var seen = source.GetUsageStreamSnapshot().Lag;
            lag = seen > lag ? seen : lag;
        }

        yield return new Measurement<double>(lag.TotalSeconds);
    }
}
