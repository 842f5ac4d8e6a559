using System.Globalization;
using System.Text;

namespace GatoLink.Grains.Telemetry;

/// <summary>Naming, escaping and number rules of the Prometheus text format 0.0.4.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// OpenTelemetry → Prometheus name: invalid characters (dots) become <c>_</c>, the unit
    /// becomes a suffix (<c>s</c> → <c>_seconds</c>), counters end in <c>_total</c>.
    /// </summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = name + "_" + suffix;
        }

        if (type == PrometheusMetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>Label names allow <c>[a-zA-Z0-9_]</c> and must not start with a digit.</summary>
    public static string LabelName(string tagName) => Sanitize(tagName, allowColon: false);

    public static string UnitSuffix(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }

        // "{request}" and friends are annotations: UCUM says they carry no unit.
        if (unit.StartsWith('{') && unit.EndsWith('}'))
        {
            return string.Empty;
        }

        return unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "us" => "microseconds",
            "ns" => "nanoseconds",
            "By" => "bytes",
            "%" => "percent",
            "1" => type == PrometheusMetricType.Gauge ? "ratio" : string.Empty,
            _ => Sanitize(unit, allowColon: false).Trim('_').ToLowerInvariant(),
        };
    }

    public static void AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>HELP text escapes only backslash and newline.</summary>
    public static void AppendEscapedHelp(StringBuilder builder, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    public static string FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Tag value to label value; culture-invariant.</summary>
    public static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => FormatDouble(number),
        float number => FormatDouble(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Sanitize(string raw, bool allowColon)
    {
        var builder = new StringBuilder(raw.Length + 1);
        foreach (var c in raw)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var mapped = valid ? c : '_';

            // Collapse runs of '_' so "a._b" does not become "a__b" (leading "__" is reserved).
            if (mapped == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(mapped);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
