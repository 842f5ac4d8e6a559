using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;
using Prometheus;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// This host's Prometheus registry: prometheus-net's meter adapter over the instruments
/// <see cref="ExportedInstruments"/> selects, plus prometheus-net's process and .NET runtime collectors.
/// A registry of its own, not prometheus-net's static default, so nothing else (its default all-meters adapter,
/// another host in the process) lands on <c>/metrics</c>.
/// </summary>
public sealed class PrometheusMetricsExporter : IDisposable
{
    private static readonly double[] MillisecondBuckets = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
    private readonly IDisposable _adapter;

    /// <summary>Starts listening at once: what is measured before is not counted.</summary>
    public PrometheusMetricsExporter(IMeterFactory meterFactory)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => ExportedInstruments.Includes(instrument, meterFactory),
            ResolveHistogramBuckets = BucketsFor,
        });
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The exposition text now, as a scrape would get it (Prometheus text format 0.0.4).</summary>
    public async Task<string> CollectAsync(CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc />
    public void Dispose() => _adapter.Dispose();

    /// <summary>The instrument's advised boundaries when it gives some (ours and Orleans' do), else by unit.</summary>
    private static double[] BucketsFor(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } advised } => [.. advised],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } advised } => [.. advised.Select(b => (double)b)],
        _ when instrument.Unit == MetricNames.UnitSeconds => [.. HistogramBuckets.RequestSeconds],
        _ when instrument.Unit == "ms" => MillisecondBuckets,
        _ => MeterAdapterOptions.DefaultHistogramBuckets,
    };
}
