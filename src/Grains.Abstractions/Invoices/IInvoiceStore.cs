namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>Finalized invoices and what the ledger holds for them.</summary>
public interface IInvoiceStore
{
    /// <summary>The tenant's usage per model recorded in [<paramref name="from"/>, <paramref name="to"/>) (whole UTC days), from the ledger's daily rollups.</summary>
    Task<IReadOnlyList<ModelUsage>> LedgerUsageAsync(Guid tenantId, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>The usage of <paramref name="periods"/> (months, <c>yyyy-MM</c>) already on the tenant's finalized invoices, per month and model.</summary>
    Task<IReadOnlyList<ModelUsage>> BilledUsageAsync(Guid tenantId, IReadOnlyList<string> periods, CancellationToken ct);

    /// <summary>
    /// Stores a finalized invoice and the usage it bills, in one transaction; false (nothing written) when the tenant's
    /// invoice for that month exists already.
    /// </summary>
    Task<bool> FinalizeAsync(Invoice invoice, IReadOnlyList<ModelUsage> billed, CancellationToken ct);

    /// <summary>The tenant's finalized invoices, newest first.</summary>
    Task<IReadOnlyList<Invoice>> ListAsync(Guid tenantId, CancellationToken ct);

    /// <summary>The tenant's finalized invoice for a month, or null.</summary>
    Task<Invoice?> GetAsync(Guid tenantId, string period, CancellationToken ct);
}
