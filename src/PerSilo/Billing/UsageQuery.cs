namespace GatoLink.PerSilo.Billing;

/// <summary>A usage analytics question: whole UTC days from <paramref name="From"/> to <paramref name="To"/>, both included.</summary>
/// <param name="From">First UTC day.</param>
/// <param name="To">Last UTC day (included).</param>
/// <param name="GroupBy">Row grouping.</param>
/// <param name="TenantId">Only this tenant; null for all.</param>
/// <param name="ApiKeyId">Only this key; null for all.</param>
/// <param name="GroupTag">The tag key rows are grouped by when <paramref name="GroupBy"/> is <see cref="UsageGrouping.Tag"/>.</param>
/// <param name="TagFilters">Only requests carrying every one of these tags; null or empty for all.</param>
public sealed record UsageQuery(
    DateOnly From,
    DateOnly To,
    UsageGrouping GroupBy,
    Guid? TenantId,
    Guid? ApiKeyId,
    string? GroupTag = null,
    IReadOnlyDictionary<string, string>? TagFilters = null)
{
    /// <summary>
    /// Whether the daily rollups cannot answer it (they hold no tags and no node): then it reads the raw ledger rows
    /// of the range, which the retention setting keeps for a limited time.
    /// </summary>
    public bool NeedsRawRows => GroupBy is UsageGrouping.Tag or UsageGrouping.Node || TagFilters is { Count: > 0 };
}
