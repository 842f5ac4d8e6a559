using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Collects the <c>GatoLink</c> meter (and optionally the HTTP meters) of one
/// <see cref="IMeterFactory"/> with a <see cref="MeterListener"/>, and writes it in the
/// Prometheus text format 0.0.4. Recording is lock-free up to the series; a scrape observes
/// the observable instruments, then writes every series in name and label order.
/// </summary>
/// <remarks>
/// Only meters created by <paramref name="meterFactory"/> are taken (plus, for the optional
/// HTTP-client meter, unscoped ones): two hosts in one process, or parallel tests, each
/// export their own. Create it at start (see <see cref="TelemetryServiceCollectionExtensions"/>):
/// what is recorded before the exporter exists is not counted.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    private const string HttpClientMeter = "System.Net.Http";
    private const string AspNetCoreMeter = "Microsoft.AspNetCore.Hosting";

    private readonly IMeterFactory _meterFactory;
    private readonly TelemetryOptions _options;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _collectLock = new();

    /// <summary>Starts listening at once.</summary>
    public PrometheusExporter(IMeterFactory meterFactory, IOptions<TelemetryOptions> options)
    {
        _meterFactory = meterFactory;
        _options = options.Value;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(
            static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Content type of the text this writes.</summary>
    public static string ContentType => PrometheusText.ContentType;

    /// <summary>The exposition text of every series now.</summary>
    public string Collect()
    {
        var builder = new StringBuilder(4096);
        lock (_collectLock)
        {
            foreach (var state in _instruments.Values)
            {
                if (state.IsObservable)
                {
                    state.BeginObservation();
                }
            }

            _listener.RecordObservableInstruments();
            Write(builder);
        }

        return builder.ToString();
    }

    /// <summary>Writes the exposition as UTF-8 into <paramref name="writer"/> (e.g. a response <c>BodyWriter</c>).</summary>
    public void WriteTo(IBufferWriter<byte> writer) => Encoding.UTF8.GetBytes(Collect(), writer);

    /// <summary>Writes the exposition as UTF-8 to <paramref name="stream"/>.</summary>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(Collect());
        await stream.WriteAsync(bytes, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!Wanted(instrument.Meter))
        {
            return;
        }

        var state = new InstrumentState(instrument);
        _instruments[instrument] = state;
        listener.EnableMeasurementEvents(instrument, state);
    }

    private bool Wanted(Meter meter) => meter.Name switch
    {
        MetricNames.MeterName => ReferenceEquals(meter.Scope, _meterFactory),
        HttpClientMeter => _options.IncludeHttpClientMetrics && (meter.Scope is null || ReferenceEquals(meter.Scope, _meterFactory)),
        AspNetCoreMeter => _options.IncludeAspNetCoreMetrics && ReferenceEquals(meter.Scope, _meterFactory),
        _ => false,
    };

    private void Write(StringBuilder builder)
    {
        // Group by exported name: the same name from two instruments is one family.
        var families = _instruments.Values
            .Where(state => state.HasSeries)
            .GroupBy(state => state.Name, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var family in families)
        {
            var first = family.First();
            builder.Append("# HELP ").Append(family.Key).Append(' ');
            PrometheusText.AppendEscapedHelp(builder, first.Help);
            builder.Append('\n');
            builder.Append("# TYPE ").Append(family.Key).Append(' ').Append(TypeName(first.Type)).Append('\n');
            foreach (var state in family)
            {
                state.WriteSamples(builder);
            }
        }
    }

    private static string TypeName(PrometheusMetricType type) => type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Histogram => "histogram",
        _ => "gauge",
    };
}
