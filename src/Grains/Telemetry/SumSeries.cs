using System.Globalization;
using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Running sum (counters, up-down counters). Integer measurements add with
/// <see cref="Interlocked.Add(ref long, long)"/> so they stay exact at any rate; floating
/// ones add with a compare-exchange loop.
/// </summary>
internal sealed class SumSeries(LabelSet labels) : MetricSeries(labels)
{
    private long _longSum;
    private double _doubleSum;

    public override void Record(long value) => Interlocked.Add(ref _longSum, value);

    public override void Record(double value)
    {
        var current = Volatile.Read(ref _doubleSum);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _doubleSum, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public override void WriteSamples(StringBuilder builder, string name)
    {
        var longSum = Interlocked.Read(ref _longSum);
        var doubleSum = Volatile.Read(ref _doubleSum);
        var text = doubleSum == 0
            ? longSum.ToString(CultureInfo.InvariantCulture)
            : PrometheusText.FormatDouble(longSum + doubleSum);
        AppendSample(builder, name, text);
    }
}
