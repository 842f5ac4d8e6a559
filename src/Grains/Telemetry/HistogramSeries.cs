using System.Globalization;
using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Explicit-bucket histogram. Per-bucket (not cumulative) counts under a lock private to the
/// series: contention is only between requests of the same model at the same instant.
/// </summary>
internal sealed class HistogramSeries(LabelSet labels, double[] boundaries) : MetricSeries(labels)
{
    private readonly Lock _lock = new();
    private readonly long[] _bucketCounts = new long[boundaries.Length + 1];
    private double _sum;
    private long _count;

    public override void Record(long value) => Record((double)value);

    public override void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        // Bucket i holds boundaries[i-1] < v <= boundaries[i]; the last one is +Inf.
        var index = Array.BinarySearch(boundaries, value);
        if (index < 0)
        {
            index = ~index;
        }

        lock (_lock)
        {
            _bucketCounts[index]++;
            _sum += value;
            _count++;
        }
    }

    public override void WriteSamples(StringBuilder builder, string name)
    {
        var counts = new long[_bucketCounts.Length];
        double sum;
        long count;
        lock (_lock)
        {
            Array.Copy(_bucketCounts, counts, counts.Length);
            sum = _sum;
            count = _count;
        }

        var bucketName = name + "_bucket";
        var prefix = Labels.Rendered.Length > 0 ? Labels.Rendered + "," : string.Empty;
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            var le = i < boundaries.Length ? PrometheusText.FormatDouble(boundaries[i]) : "+Inf";
            builder.Append(bucketName).Append('{').Append(prefix).Append("le=\"").Append(le).Append("\"} ")
                .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        AppendSample(builder, name + "_sum", PrometheusText.FormatDouble(sum));
        AppendSample(builder, name + "_count", count.ToString(CultureInfo.InvariantCulture));
    }
}
