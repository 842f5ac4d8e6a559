using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// A key's rate-limit figures in Anthropic's headers: <c>anthropic-ratelimit-{requests,tokens}-{limit,remaining}</c>
/// as the <c>x-ratelimit-*</c> figures, and <c>-reset</c> as the RFC 3339 time the bucket is full again (OpenAI's
/// headers give the time until then, as a duration like <c>1m2.5s</c>).
/// </summary>
public static class AnthropicLimitHeaders
{
    private static readonly (string OpenAi, string Anthropic, bool IsReset)[] s_map =
    [
        ("x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit", false),
        ("x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining", false),
        ("x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset", true),
        ("x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit", false),
        ("x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining", false),
        ("x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset", true),
    ];

    /// <summary>Writes the Anthropic headers for the <c>x-ratelimit-*</c> pairs in <paramref name="limits"/>.</summary>
    public static void Write(IHeaderDictionary headers, IReadOnlyList<KeyValuePair<string, string>> limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var (name, value) in limits)
        {
            foreach (var (openAi, anthropic, isReset) in s_map)
            {
                if (string.Equals(name, openAi, StringComparison.OrdinalIgnoreCase))
                {
                    headers[anthropic] = isReset ? ResetTime(now, value) : value;
                }
            }
        }
    }

    /// <summary><paramref name="now"/> plus a duration written the way <c>x-ratelimit-reset-*</c> writes it, in RFC 3339, rounded up to the second.</summary>
    public static string ResetTime(DateTimeOffset now, string duration)
    {
        var at = now + ParseDuration(duration);
        var ticks = at.UtcTicks + TimeSpan.TicksPerSecond - 1;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads <c>1h2m3.5s</c>, <c>17ms</c>, <c>0s</c> (Go's duration style, as <c>RateLimitHeaders.FormatReset</c> writes it).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var number = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            total += text.AsSpan(unitStart, i - unitStart) switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => throw new FormatException($"Unknown duration unit in '{text}'."),
            };
        }

        return total;
    }
}
