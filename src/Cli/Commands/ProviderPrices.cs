using System.Globalization;
using System.Text.Json.Nodes;

namespace GatoLink.Cli.Commands;

/// <summary>The <c>--price model=input/output</c> of a provider node (USD per million tokens) as the admin API's <c>prices</c> entry.</summary>
internal static class ProviderPrices
{
    /// <summary>The entry, or null when <paramref name="text"/> is not <c>model=input/output</c> with two non-negative numbers.</summary>
    public static JsonObject? Parse(string text)
    {
        var at = text.LastIndexOf('=');
        var slash = text.LastIndexOf('/');
        if (at <= 0 || slash < at
            || !decimal.TryParse(text.AsSpan(at + 1, slash - at - 1), NumberStyles.Number, CultureInfo.InvariantCulture, out var input)
            || !decimal.TryParse(text.AsSpan(slash + 1), NumberStyles.Number, CultureInfo.InvariantCulture, out var output)
            || input < 0 || output < 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["model"] = text[..at],
            ["input_per_million_usd"] = input,
            ["output_per_million_usd"] = output,
        };
    }
}
