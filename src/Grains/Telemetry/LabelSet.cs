using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>
/// One series' labels, sanitised and sorted by name; the key of a series. Immutable, so its
/// rendered text and hash are computed once.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>
{
    public static readonly LabelSet Empty = new([], []);

    private readonly string[] _names;
    private readonly string[] _values;
    private readonly int _hash;
    private string? _rendered;

    public LabelSet(string[] names, string[] values)
    {
        _names = names;
        _values = values;
        var hash = default(HashCode);
        for (var i = 0; i < names.Length; i++)
        {
            hash.Add(names[i], StringComparer.Ordinal);
            hash.Add(values[i], StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>
    /// <c>a="1",b="2"</c>, escaped, without braces; empty when there are no labels. Rendered on
    /// first use (a scrape), not on the recording path where most label sets are lookup keys only;
    /// two scrapes racing here both compute the same string, which is harmless.
    /// </summary>
    public string Rendered => _rendered ??= Render(_names, _values);

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._names.Length != _names.Length)
        {
            return false;
        }

        return _names.AsSpan().SequenceEqual(other._names) && _values.AsSpan().SequenceEqual(other._values);
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    private static string Render(string[] names, string[] values)
    {
        if (names.Length == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(names[i]).Append("=\"");
            PrometheusText.AppendEscapedLabelValue(builder, values[i]);
            builder.Append('"');
        }

        return builder.ToString();
    }
}
