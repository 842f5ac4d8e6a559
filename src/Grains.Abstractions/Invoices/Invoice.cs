namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>
/// A tenant's invoice for one calendar month (UTC). Every amount is integer micro-USD and follows from the lines:
/// <see cref="TotalMicros"/> = plan fee + usage − included allowance used − credits applied + adjustments.
/// </summary>
/// <param name="Number">Unique: <c>yyyyMM-</c> and the tenant's id.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="Period">The month, <c>yyyy-MM</c>.</param>
/// <param name="PeriodStart">Its first moment.</param>
/// <param name="PeriodEnd">The first moment after it.</param>
/// <param name="Status">Draft or finalized.</param>
/// <param name="FinalizedAt">When it was finalized.</param>
/// <param name="Plan">The plan at the end of the period (or at finalization), if any.</param>
/// <param name="PlanFeeMicros">The prorated fees of the plans in force during the month.</param>
/// <param name="UsageMicros">What the usage on this invoice cost at the prices in force: the ledger's billed amount.</param>
/// <param name="IncludedMicros">The prorated included allowance.</param>
/// <param name="IncludedUsedMicros">The part of the allowance the usage used.</param>
/// <param name="CreditsAppliedMicros">Usage a prepaid wallet already paid.</param>
/// <param name="AdjustmentsMicros">Adjustments (0: corrections are credit notes on a later invoice).</param>
/// <param name="TotalMicros">What is due.</param>
/// <param name="Lines">The lines.</param>
/// <param name="IncludedTokens">The prorated tokens included by the plans (0: none).</param>
/// <param name="IncludedTokensUsed">The month's tokens the token allowance covered.</param>
public sealed record Invoice(
    string Number,
    Guid TenantId,
    string Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    InvoiceStatus Status,
    DateTimeOffset? FinalizedAt,
    string? Plan,
    long PlanFeeMicros,
    long UsageMicros,
    long IncludedMicros,
    long IncludedUsedMicros,
    long CreditsAppliedMicros,
    long AdjustmentsMicros,
    long TotalMicros,
    IReadOnlyList<InvoiceLine> Lines,
    long IncludedTokens = 0,
    long IncludedTokensUsed = 0);
