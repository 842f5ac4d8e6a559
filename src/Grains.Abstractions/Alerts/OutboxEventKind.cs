namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>What an outgoing event tells; its text is the webhook's <c>type</c>.</summary>
public enum OutboxEventKind
{
    /// <summary><c>budget.threshold</c>: a budget crossed one of its alert thresholds.</summary>
    BudgetThreshold,

    /// <summary><c>spend.anomaly</c>: a key's hourly spend passed its anomaly factor.</summary>
    SpendAnomaly,

    /// <summary><c>invoice.finalized</c> (billing): an invoice was finalized; its total is due.</summary>
    InvoiceFinalized,

    /// <summary><c>wallet.low</c> (billing): a prepaid wallet's balance fell below its threshold.</summary>
    WalletLow,

    /// <summary><c>wallet.exhausted</c> (billing): a prepaid wallet refused a request (429 insufficient_quota).</summary>
    WalletExhausted,
}
