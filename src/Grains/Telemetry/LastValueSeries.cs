using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>Last value wins (gauges, and observable instruments that report totals).</summary>
internal sealed class LastValueSeries(LabelSet labels) : MetricSeries(labels)
{
    private double _value;

    public override void Record(long value) => Interlocked.Exchange(ref _value, value);

    public override void Record(double value) => Interlocked.Exchange(ref _value, value);

    public override void WriteSamples(StringBuilder builder, string name) =>
        AppendSample(builder, name, PrometheusText.FormatDouble(Volatile.Read(ref _value)));
}
