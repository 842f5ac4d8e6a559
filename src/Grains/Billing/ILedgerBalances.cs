namespace GatoLink.Grains.Billing;

/// <summary>What a key or tenant spent in the budget windows around a moment, from the ledger, for its budgets.</summary>
public interface ILedgerBalances
{
    /// <summary>
    /// Usage stamped before <paramref name="before"/> in the UTC day and the UTC month of <paramref name="before"/>, of
    /// the key <paramref name="keyId"/> (of tenant <paramref name="tenantId"/>) or, with no key, of the whole tenant.
    /// </summary>
    Task<SpentTotals> SpentBeforeAsync(Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct);

    /// <summary>The cost of the tenant's usage stamped in [<paramref name="since"/>, <paramref name="before"/>), micro-USD.</summary>
    Task<long> CostSinceAsync(Guid tenantId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct);
}
