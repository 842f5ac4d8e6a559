namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>Credit notes of finalized invoices.</summary>
public interface ICreditNoteStore
{
    /// <summary>
    /// Issues <paramref name="note"/> (its number is assigned here; the one given is ignored) unless the invoice's notes
    /// would then credit more than <paramref name="invoiceTotalMicros"/>, or its idempotency key was used; returns the
    /// outcome and the note as stored (the earlier one on a replay or a reused key).
    /// </summary>
    Task<(CreditNoteOutcome Outcome, CreditNote? Note)> IssueAsync(CreditNote note, long invoiceTotalMicros, CancellationToken ct);

    /// <summary>Every credit note of the tenant, oldest first.</summary>
    Task<IReadOnlyList<CreditNote>> ListAsync(Guid tenantId, CancellationToken ct);
}
