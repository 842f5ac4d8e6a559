using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// What the exporter keeps per instrument: its Prometheus name and type and its series, found
/// by label set in a concurrent dictionary. Passed as the listener's per-instrument state so
/// the hot path never looks the instrument up.
/// </summary>
internal sealed class InstrumentState
{
    // Default OpenTelemetry boundaries, for histograms that give no advice.
    private static readonly double[] DefaultBoundaries = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly bool _lastValue;
    private readonly double[] _boundaries;
    private readonly ConcurrentDictionary<string, string?> _labelNames = new(StringComparer.Ordinal);
    private ConcurrentDictionary<LabelSet, MetricSeries> _series = new();

    public InstrumentState(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        IsObservable = instrument.IsObservable;
        (Type, _lastValue) = definition switch
        {
            _ when definition == typeof(Counter<>) => (PrometheusMetricType.Counter, false),
            _ when definition == typeof(ObservableCounter<>) => (PrometheusMetricType.Counter, true),
            _ when definition == typeof(UpDownCounter<>) => (PrometheusMetricType.Gauge, false),
            _ when definition == typeof(Histogram<>) => (PrometheusMetricType.Histogram, false),
            _ => (PrometheusMetricType.Gauge, true),
        };
        _boundaries = Type == PrometheusMetricType.Histogram ? BoundariesOf(instrument) : [];
        Name = PrometheusText.MetricName(instrument.Name, instrument.Unit, Type);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
    }

    public string Name { get; }

    public string Help { get; }

    public PrometheusMetricType Type { get; }

    public bool IsObservable { get; }

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => GetSeries(tags).Record(value);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => GetSeries(tags).Record(value);

    /// <summary>
    /// Observable instruments report their whole current state per collection: drop what the
    /// last one reported, so a node that disappeared stops being exported.
    /// </summary>
    public void BeginObservation() => Volatile.Write(ref _series, new ConcurrentDictionary<LabelSet, MetricSeries>());

    public bool HasSeries => !Volatile.Read(ref _series).IsEmpty;

    public void WriteSamples(StringBuilder builder)
    {
        var series = Volatile.Read(ref _series).Values.ToArray();
        Array.Sort(series, static (a, b) => string.CompareOrdinal(a.Labels.Rendered, b.Labels.Rendered));
        foreach (var one in series)
        {
            one.WriteSamples(builder, Name);
        }
    }

    private MetricSeries GetSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Volatile.Read(ref _series);
        var labels = BuildLabels(tags);
        return series.TryGetValue(labels, out var existing)
            ? existing
            : series.GetOrAdd(labels, CreateSeries);
    }

    private MetricSeries CreateSeries(LabelSet labels) => Type switch
    {
        PrometheusMetricType.Histogram => new HistogramSeries(labels, _boundaries),
        _ when _lastValue => new LastValueSeries(labels),
        _ => new SumSeries(labels),
    };

    private LabelSet BuildLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return LabelSet.Empty;
        }

        var names = new string[tags.Length];
        var values = new string[tags.Length];
        var count = 0;
        foreach (var tag in tags)
        {
            // null: forbidden (key or request id), dropped whoever recorded it.
            var name = _labelNames.GetOrAdd(
                tag.Key, static key => MetricLabelPolicy.IsForbidden(key) ? null : PrometheusText.LabelName(key));
            if (name is null || name == "le")
            {
                continue;
            }

            var at = Array.IndexOf(names, name, 0, count);
            if (at < 0)
            {
                at = count++;
                names[at] = name;
            }

            values[at] = PrometheusText.LabelValue(tag.Value);
        }

        if (count < names.Length)
        {
            Array.Resize(ref names, count);
            Array.Resize(ref values, count);
        }

        Array.Sort(names, values, StringComparer.Ordinal);
        return new LabelSet(names, values);
    }

    private static double[] BoundariesOf(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var boundaries = advised?.Where(b => !double.IsNaN(b) && !double.IsInfinity(b)).Distinct().Order().ToArray();
        return boundaries is { Length: > 0 } ? boundaries : DefaultBoundaries;
    }
}
