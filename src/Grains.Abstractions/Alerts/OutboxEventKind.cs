namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>What an outgoing event tells; its text is the webhook's <c>type</c>.</summary>
public enum OutboxEventKind
{
    /// <summary><c>budget.threshold</c>: a budget crossed one of its alert thresholds.</summary>
    BudgetThreshold,

    /// <summary><c>spend.anomaly</c>: a key's hourly spend passed its anomaly factor.</summary>
    SpendAnomaly,

    /// <summary><c>invoice.finalized</c> (billing).</summary>
    InvoiceFinalized,

    /// <summary><c>wallet.low</c> (billing).</summary>
    WalletLow,
}
