namespace GatoLink.PerSilo.Billing;

/// <summary>Reads usage analytics from the ledger's daily rollups (never from raw events).</summary>
public interface IUsageQueries
{
    /// <summary>The rows of <paramref name="query"/>, ordered by group.</summary>
    Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken ct);

    /// <summary>What the response cache saved in the range and scope of <paramref name="query"/> (its grouping and tags aside), from the raw ledger rows.</summary>
    Task<CacheSavings> CacheSavingsAsync(UsageQuery query, CancellationToken ct);
}
