using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>One time series of one instrument: its labels and its aggregated value.</summary>
internal abstract class MetricSeries(LabelSet labels)
{
    public LabelSet Labels { get; } = labels;

    /// <summary>Hot path: called from the recording thread, concurrently.</summary>
    public abstract void Record(long value);

    /// <summary>Hot path: called from the recording thread, concurrently.</summary>
    public abstract void Record(double value);

    /// <summary>Appends this series' sample lines for metric <paramref name="name"/>.</summary>
    public abstract void WriteSamples(StringBuilder builder, string name);

    protected void AppendSample(StringBuilder builder, string name, string value)
    {
        builder.Append(name);
        if (Labels.Rendered.Length > 0)
        {
            builder.Append('{').Append(Labels.Rendered).Append('}');
        }

        builder.Append(' ').Append(value).Append('\n');
    }
}
