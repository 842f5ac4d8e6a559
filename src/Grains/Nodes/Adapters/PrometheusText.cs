using System.Globalization;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>
/// A small reader of the Prometheus text format (0.0.4): comments skipped, labels with escaped quotes,
/// NaN/±Inf values, optional timestamps ignored. Lines it cannot read are skipped, not fatal: one odd
/// metric must not blind placement to the rest.
/// </summary>
public sealed class PrometheusText
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private readonly Dictionary<string, List<PrometheusSample>> _byName;

    private PrometheusText(Dictionary<string, List<PrometheusSample>> byName) => _byName = byName;

    /// <summary>Parses an exposition.</summary>
    public static PrometheusText Parse(string text)
    {
        var byName = new Dictionary<string, List<PrometheusSample>>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line, out var sample))
            {
                if (!byName.TryGetValue(sample.Name, out var list))
                {
                    byName[sample.Name] = list = new List<PrometheusSample>(1);
                }

                list.Add(sample);
            }
        }

        return new PrometheusText(byName);
    }

    /// <summary>The samples of a metric (empty when absent).</summary>
    public IReadOnlyList<PrometheusSample> Get(string name) =>
        _byName.TryGetValue(name, out var list) ? list : [];

    /// <summary>The sum over every label set of a metric, or null when absent.</summary>
    public double? Sum(string name)
    {
        if (!_byName.TryGetValue(name, out var list))
        {
            return null;
        }

        var total = 0.0;
        foreach (var sample in list)
        {
            total += sample.Value;
        }

        return total;
    }

    /// <summary>The first of several names that is present, summed.</summary>
    public double? SumFirst(string name, string fallback) => Sum(name) ?? Sum(fallback);

    private static bool TryParseLine(ReadOnlySpan<char> line, out PrometheusSample sample)
    {
        sample = null!;
        var nameEnd = line.IndexOfAny('{', ' ', '\t');
        if (nameEnd <= 0)
        {
            return false;
        }

        var name = line[..nameEnd].ToString();
        var rest = line[nameEnd..];
        var labels = NoLabels;
        if (rest[0] == '{')
        {
            var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
            var i = 1;
            if (!TryParseLabels(rest, ref i, parsed))
            {
                return false;
            }

            labels = parsed;
            rest = rest[i..];
        }

        rest = rest.TrimStart();
        var valueEnd = rest.IndexOfAny(' ', '\t');
        var valueText = valueEnd < 0 ? rest : rest[..valueEnd];
        if (!TryParseValue(valueText, out var value))
        {
            return false;
        }

        sample = new PrometheusSample(name, labels, value);
        return true;
    }

    private static bool TryParseLabels(ReadOnlySpan<char> text, ref int i, Dictionary<string, string> labels)
    {
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || text[i] == ' '))
            {
                i++;
            }

            if (i < text.Length && text[i] == '}')
            {
                i++;
                return true;
            }

            var eq = text[i..].IndexOf('=');
            if (eq <= 0 || i + eq + 1 >= text.Length || text[i + eq + 1] != '"')
            {
                return false;
            }

            var key = text.Slice(i, eq).Trim().ToString();
            i += eq + 2;
            var value = new System.Text.StringBuilder();
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                    value.Append(text[i] == 'n' ? '\n' : text[i]);
                }
                else
                {
                    value.Append(text[i]);
                }

                i++;
            }

            if (i >= text.Length)
            {
                return false;
            }

            i++;
            labels[key] = value.ToString();
        }

        return false;
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
