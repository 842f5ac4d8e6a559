namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>What issuing a credit note did.</summary>
public enum CreditNoteOutcome
{
    /// <summary>Written under a new number.</summary>
    Created,

    /// <summary>The same note under the same idempotency key exists: nothing more was written.</summary>
    Replayed,

    /// <summary>The idempotency key names a different note of the tenant: nothing was written.</summary>
    KeyReused,

    /// <summary>With the invoice's other notes it would credit more than the invoice's total: nothing was written.</summary>
    ExceedsInvoice,
}
