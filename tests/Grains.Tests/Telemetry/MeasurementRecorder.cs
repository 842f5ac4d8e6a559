using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Grains.Tests.Telemetry;

/// <summary>
/// A real <see cref="IMeterFactory"/> (<c>AddMetrics</c>) and a <see cref="MeterListener"/> on its <c>GatoLink</c>
/// meter only: what an exporter would receive, as (instrument, value, labels) records.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _recorded = new();

    public MeasurementRecorder(int maxTenantLabels = 200)
    {
        _provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _provider.GetRequiredService<IMeterFactory>();
        Options = Microsoft.Extensions.Options.Options.Create(new TelemetryOptions { MaxTenantLabels = maxTenantLabels });
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MetricNames.MeterName && ReferenceEquals(instrument.Meter.Scope, Factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Keep(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Keep(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Keep(i, v, t));
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    public IOptions<TelemetryOptions> Options { get; }

    public TenantLabelLimiter Tenants() => new(Options);

    /// <summary>Observes the observable instruments, then returns everything recorded since the last call.</summary>
    public List<Recorded> Collect()
    {
        _listener.RecordObservableInstruments();
        var all = new List<Recorded>();
        while (_recorded.TryDequeue(out var one))
        {
            all.Add(one);
        }

        return all;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _provider.Dispose();
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString() ?? string.Empty;
        }

        _recorded.Enqueue(new Recorded(instrument.Name, value, labels));
    }

    /// <summary>One measurement.</summary>
    internal sealed record Recorded(string Instrument, double Value, SortedDictionary<string, string> Labels)
    {
        public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
    }
}
