using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Grains.Invoices;

/// <summary>What one invoice is computed from.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Month">The invoice's month.</param>
/// <param name="Segments">The plans in force during the month, each from its start to the next (clipped to the month; the first may start later: the tenant's creation).</param>
/// <param name="Usage">The month's usage per model from the ledger.</param>
/// <param name="Late">Usage of earlier, finalized months that reached the ledger after their invoice.</param>
/// <param name="Prepaid">Whether a wallet paid the usage.</param>
/// <param name="PriceOf">The model's price at a moment, for the unit prices shown.</param>
public sealed record InvoiceInputs(
    Guid TenantId,
    BillingMonth Month,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset To, PlanRecord? Plan)> Segments,
    IReadOnlyList<ModelUsage> Usage,
    IReadOnlyList<ModelUsage> Late,
    bool Prepaid,
    Func<string, DateTimeOffset, ModelPrice?> PriceOf);
