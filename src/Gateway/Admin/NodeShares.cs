using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Chargeback: a scope's share of each node's busy time, its GPU time on the node over every tenant's. Only the node's
/// total is read for the whole cluster, never another tenant's rows.
/// </summary>
public static class NodeShares
{
    /// <summary>The rows of a node grouping with <see cref="UsageRowView.NodeShare"/> set.</summary>
    public static async Task<List<UsageRowView>> AddAsync(List<UsageRowView> rows, UsageQuery query, IUsageQueries usage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(usage);
        var whole = query.TenantId is null && query.ApiKeyId is null && query.TagFilters is null
            ? rows
            : (await usage.QueryAsync(query with { TenantId = null, ApiKeyId = null, TagFilters = null }, ct)).Select(UsageRowView.From).ToList();
        var totals = whole.ToDictionary(r => r.Group, r => r.GpuSeconds, StringComparer.Ordinal);
        return rows.Select(r => r with
        {
            NodeShare = totals.TryGetValue(r.Group, out var total) && total > 0 ? Math.Round(r.GpuSeconds / total, 4) : null,
        }).ToList();
    }
}
