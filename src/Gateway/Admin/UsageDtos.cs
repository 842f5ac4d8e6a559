using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Gateway.Admin;

/// <summary>One analytics row as the admin API shows it.</summary>
/// <param name="Group">The group's value (a day, model, key id, node id or tag value; "" for requests without the tag).</param>
/// <param name="Requests">Attempts billed.</param>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
/// <param name="CostUsd">Token cost.</param>
/// <param name="Errors">Attempts that failed upstream.</param>
/// <param name="P50TtftMs">Median time to first token.</param>
/// <param name="P95TtftMs">95th percentile.</param>
/// <param name="GpuSeconds">The attempts' shares of their nodes' busy time.</param>
/// <param name="GpuCostUsd">That time at the nodes' GPU-hour prices; null when none of it was on a priced node.</param>
/// <param name="NodeShare">Grouped by node: this scope's fraction (0..1) of the node's busy time over the range.</param>
public sealed record UsageRowView(
    string Group,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    decimal CostUsd,
    long Errors,
    double? P50TtftMs,
    double? P95TtftMs,
    double GpuSeconds,
    decimal? GpuCostUsd,
    double? NodeShare = null)
{
    /// <summary>Maps a row (TTFT rounded to 0.1 ms: it is an approximation from a histogram; GPU time to the millisecond).</summary>
    public static UsageRowView From(UsageRow r) => new(
        r.Group, r.Requests, r.PromptTokens, r.CompletionTokens, Money.ToUsd(r.CostMicros), r.Errors,
        r.P50TimeToFirstTokenMs is { } p50 ? Math.Round(p50, 1) : null,
        r.P95TimeToFirstTokenMs is { } p95 ? Math.Round(p95, 1) : null,
        Math.Round(r.GpuMs / 1000, 3),
        r.GpuCostMicros == 0 ? null : Money.ToUsd(r.GpuCostMicros));
}

/// <summary>The answer of a usage endpoint.</summary>
/// <param name="From">First UTC day.</param>
/// <param name="To">Last UTC day, included.</param>
/// <param name="GroupBy">day, model, key, node or tag:KEY.</param>
/// <param name="TenantId">The tenant looked at; null: all.</param>
/// <param name="ApiKeyId">The key looked at; null: all.</param>
/// <param name="Tags">The tag filters applied; null: none.</param>
/// <param name="Rows">One per group, ordered by group.</param>
/// <param name="Cache">What the response cache saved in the range and scope (tag filters aside).</param>
public sealed record UsageReport(DateOnly From, DateOnly To, string GroupBy, Guid? TenantId, Guid? ApiKeyId, IReadOnlyDictionary<string, string>? Tags, IReadOnlyList<UsageRowView> Rows, CacheSavingsView Cache);

/// <summary>The response cache's savings as the usage API shows them.</summary>
/// <param name="Hits">Requests answered from the cache (each a ledger row with <c>cache_hit</c>, billed at the cache price).</param>
/// <param name="SavedTokens">Node tokens the hits did not use.</param>
/// <param name="SavedUsd">What those tokens would have cost at the model's price.</param>
public sealed record CacheSavingsView(long Hits, long SavedTokens, decimal SavedUsd);
