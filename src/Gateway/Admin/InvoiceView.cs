using GatoLink.Grains.Abstractions.Invoices;

namespace GatoLink.Gateway.Admin;

/// <summary>An invoice as the admin API shows it: USD exact to the micro-dollar (the stored amounts are integer micro-USD).</summary>
public sealed record InvoiceView(
    string Number,
    Guid TenantId,
    string Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    InvoiceStatus Status,
    DateTimeOffset? FinalizedAt,
    string? Plan,
    decimal PlanFeeUsd,
    decimal UsageUsd,
    decimal IncludedUsd,
    decimal IncludedUsedUsd,
    decimal CreditsAppliedUsd,
    decimal AdjustmentsUsd,
    decimal TotalUsd,
    IReadOnlyList<InvoiceLineView> Lines,
    long IncludedTokens,
    long IncludedTokensUsed,
    IReadOnlyList<CreditNoteView> CreditNotes,
    decimal CreditedUsd)
{
    /// <summary>Maps an invoice and the credit notes (of its tenant) that correct it; the invoice itself is as stored.</summary>
    public static InvoiceView From(Invoice i, IEnumerable<CreditNote> notes)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(notes);
        var own = notes.Where(n => n.InvoiceNumber == i.Number).ToList();
        return new(i.Number, i.TenantId, i.Period, i.PeriodStart, i.PeriodEnd, i.Status, i.FinalizedAt, i.Plan, Money.ToUsd(i.PlanFeeMicros), Money.ToUsd(i.UsageMicros),
            Money.ToUsd(i.IncludedMicros), Money.ToUsd(i.IncludedUsedMicros), Money.ToUsd(i.CreditsAppliedMicros), Money.ToUsd(i.AdjustmentsMicros), Money.ToUsd(i.TotalMicros),
            i.Lines.Select(InvoiceLineView.From).ToList(), i.IncludedTokens, i.IncludedTokensUsed, own.Select(CreditNoteView.From).ToList(),
            Money.ToUsd(own.Sum(n => n.AmountMicros)));
    }
}
