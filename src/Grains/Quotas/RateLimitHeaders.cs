using System.Globalization;
using System.Text;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The x-ratelimit-* headers OpenAI sends; a pair is null when that limit is unlimited (send nothing).
/// </summary>
public sealed record RateLimitHeaders(BucketState? Requests, BucketState? Tokens)
{
    /// <summary>Header names.</summary>
    public const string LimitRequests = "x-ratelimit-limit-requests";
    /// <summary>Header names.</summary>
    public const string LimitTokens = "x-ratelimit-limit-tokens";
    /// <summary>Header names.</summary>
    public const string RemainingRequests = "x-ratelimit-remaining-requests";
    /// <summary>Header names.</summary>
    public const string RemainingTokens = "x-ratelimit-remaining-tokens";
    /// <summary>Header names.</summary>
    public const string ResetRequests = "x-ratelimit-reset-requests";
    /// <summary>Header names.</summary>
    public const string ResetTokens = "x-ratelimit-reset-tokens";

    /// <summary>From bucket snapshots.</summary>
    public static RateLimitHeaders From(BucketState? requests, BucketState? tokens) => new(requests, tokens);

    /// <summary>The (name, value) pairs to set on the response.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToPairs()
    {
        var pairs = new List<KeyValuePair<string, string>>(6);
        if (Requests is { } r)
        {
            pairs.Add(new(LimitRequests, r.Limit.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new(RemainingRequests, r.Remaining.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new(ResetRequests, FormatReset(r.ResetAfter)));
        }

        if (Tokens is { } t)
        {
            pairs.Add(new(LimitTokens, t.Limit.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new(RemainingTokens, t.Remaining.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new(ResetTokens, FormatReset(t.ResetAfter)));
        }

        return pairs;
    }

    /// <summary>
    /// A duration as OpenAI writes it (Go's style): "0s", "17ms", "1s", "1.5s", "6m0s", "1h2m3s".
    /// Under a second it is whole milliseconds rounded up; above, seconds keep up to three decimals.
    /// </summary>
    public static string FormatReset(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            var ms = (long)Math.Ceiling(duration.TotalMilliseconds);
            return ms >= 1000 ? "1s" : string.Create(CultureInfo.InvariantCulture, $"{ms}ms");
        }

        // Round up to whole milliseconds so that a reset is never announced early.
        var totalMs = (duration.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        var hours = totalMs / 3_600_000;
        var minutes = totalMs / 60_000 % 60;
        var millis = totalMs % 60_000;
        var sb = new StringBuilder(16);
        if (hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        var seconds = millis / 1000;
        var fraction = millis % 1000;
        sb.Append(seconds.ToString(CultureInfo.InvariantCulture));
        if (fraction > 0)
        {
            sb.Append('.').Append(fraction.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('s').ToString();
    }
}
