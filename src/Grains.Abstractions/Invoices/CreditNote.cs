namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>
/// A correction of a finalized invoice, which itself never changes: an amount credited back to the tenant, with its own
/// number (<c>CN-</c>, the invoice's number, a sequence from 1), listed with the invoice. Integer micro-USD.
/// </summary>
/// <param name="Number">Unique: <c>CN-{invoice number}-{n}</c>.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="InvoiceNumber">The invoice it corrects.</param>
/// <param name="AmountMicros">What is credited (more than zero; all of an invoice's notes at most its total).</param>
/// <param name="Reason">Why.</param>
/// <param name="IdempotencyKey">The caller's name for it: the same key again is the same note.</param>
/// <param name="Actor">Who issued it.</param>
/// <param name="CreatedAt">When.</param>
public sealed record CreditNote(
    string Number,
    Guid TenantId,
    string InvoiceNumber,
    long AmountMicros,
    string Reason,
    string IdempotencyKey,
    string Actor,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether <paramref name="other"/> asks for the same note (a replay) rather than a different one under the same key.</summary>
    public bool SameRequest(CreditNote other) =>
        other is not null && other.InvoiceNumber == InvoiceNumber && other.AmountMicros == AmountMicros && other.Reason == Reason;
}
