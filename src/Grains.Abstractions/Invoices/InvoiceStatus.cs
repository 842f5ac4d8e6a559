namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>Whether an invoice can still change.</summary>
public enum InvoiceStatus
{
    /// <summary>The running month (or a closed month within its grace period): computed from the ledger when asked.</summary>
    Draft,

    /// <summary>Written once by the finalizing reminder; never changes afterwards.</summary>
    Finalized,
}
