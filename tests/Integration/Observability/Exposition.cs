using System.Globalization;
using System.Text.RegularExpressions;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>Reads Prometheus text exposition in tests.</summary>
internal static partial class Exposition
{
    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain every fragment.</summary>
    public static double Sum(string exposition, string metric, params string[] labelFragments) =>
        Samples(exposition, metric)
            .Where(l => labelFragments.All(f => l.Contains(f, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>Sample lines of one metric.</summary>
    public static IEnumerable<string> Samples(string exposition, string metric) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal));

    /// <summary>"name type" of every <c># TYPE</c> line.</summary>
    public static Dictionary<string, string> Families(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(line => line["# TYPE ".Length..].Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    /// <summary>Every sample name (with <c>_bucket</c>, <c>_sum</c>, <c>_count</c> for histograms).</summary>
    public static HashSet<string> SampleNames(string exposition) =>
        SampleName().Matches(exposition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every label name used by any sample.</summary>
    public static HashSet<string> LabelNames(string exposition) =>
        LabelName().Matches(exposition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^([a-zA-Z_][a-zA-Z0-9_]*)[{ ]", RegexOptions.Multiline)]
    private static partial Regex SampleName();

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
