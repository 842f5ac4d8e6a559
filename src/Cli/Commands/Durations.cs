using System.Globalization;
using System.Text.RegularExpressions;

namespace GatoLink.Cli.Commands;

/// <summary>Durations as people type them: <c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>2d</c>.</summary>
public static partial class Durations
{
    /// <summary>The duration, or null when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Shape().IsMatch(text))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in Part().Matches(text))
        {
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000_000)
            {
                return null;
            }

            total += part.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }

        return total;
    }

    [GeneratedRegex(@"^(\d+[smhd])+$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"(\d+)([smhd])")]
    private static partial Regex Part();
}
