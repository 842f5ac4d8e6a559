using GatoLink.Grains.Abstractions.Invoices;

namespace GatoLink.Gateway.Admin;

/// <summary>A credit note as the admin API shows it, with its invoice.</summary>
public sealed record CreditNoteView(string Number, string InvoiceNumber, decimal AmountUsd, string Reason, string Actor, DateTimeOffset CreatedAt)
{
    /// <summary>Maps a stored note.</summary>
    public static CreditNoteView From(CreditNote n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new(n.Number, n.InvoiceNumber, Money.ToUsd(n.AmountMicros), n.Reason, n.Actor, n.CreatedAt);
    }
}
