using GatoLink.Grains.Billing;

namespace GatoLink.Gateway.Admin;

/// <summary>One analytics row as the admin API shows it.</summary>
public sealed record UsageRowView(
    string Group,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    decimal CostUsd,
    long Errors,
    double? P50TtftMs,
    double? P95TtftMs)
{
    /// <summary>Maps a row (TTFT rounded to 0.1 ms: it is an approximation from a histogram).</summary>
    public static UsageRowView From(UsageRow r) => new(
        r.Group, r.Requests, r.PromptTokens, r.CompletionTokens, Money.ToUsd(r.CostMicros), r.Errors,
        r.P50TimeToFirstTokenMs is { } p50 ? Math.Round(p50, 1) : null,
        r.P95TimeToFirstTokenMs is { } p95 ? Math.Round(p95, 1) : null);
}

/// <summary>The answer of a usage endpoint.</summary>
public sealed record UsageReport(DateOnly From, DateOnly To, UsageGrouping GroupBy, Guid? TenantId, Guid? ApiKeyId, IReadOnlyList<UsageRowView> Rows);
