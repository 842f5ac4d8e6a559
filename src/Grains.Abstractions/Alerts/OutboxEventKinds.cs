namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>The text of each <see cref="OutboxEventKind"/>, as stored and as a webhook's <c>type</c>.</summary>
public static class OutboxEventKinds
{
    /// <summary>Every kind with its text.</summary>
    public static IReadOnlyList<(OutboxEventKind Kind, string Text)> All { get; } =
    [
        (OutboxEventKind.BudgetThreshold, "budget.threshold"),
        (OutboxEventKind.SpendAnomaly, "spend.anomaly"),
        (OutboxEventKind.InvoiceFinalized, "invoice.finalized"),
        (OutboxEventKind.WalletLow, "wallet.low"),
        (OutboxEventKind.WalletExhausted, "wallet.exhausted"),
    ];

    /// <summary>The text of <paramref name="kind"/>.</summary>
    public static string ToText(OutboxEventKind kind) => All.First(k => k.Kind == kind).Text;

    /// <summary>The kind of <paramref name="text"/>, or null when it names none.</summary>
    public static OutboxEventKind? Parse(string text) =>
        All.FirstOrDefault(k => string.Equals(k.Text, text, StringComparison.Ordinal)) is { Text: not null } found ? found.Kind : null;
}
