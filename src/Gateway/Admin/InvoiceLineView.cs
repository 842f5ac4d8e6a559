using GatoLink.Grains.Abstractions.Invoices;

namespace GatoLink.Gateway.Admin;

/// <summary>One invoice line as the admin API shows it; unit prices in USD per million tokens.</summary>
public sealed record InvoiceLineView(
    InvoiceLineKind Kind,
    string Description,
    string? Model,
    string? UsagePeriod,
    long Requests,
    long InputTokens,
    long OutputTokens,
    decimal? InputUsdPerMillion,
    decimal? OutputUsdPerMillion,
    decimal AmountUsd)
{
    /// <summary>Maps a line.</summary>
    public static InvoiceLineView From(InvoiceLine l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new(l.Kind, l.Description, l.Model, l.UsagePeriod, l.Requests, l.InputTokens, l.OutputTokens, Money.ToUsd(l.InputMicrosPerMillion),
            Money.ToUsd(l.OutputMicrosPerMillion), Money.ToUsd(l.AmountMicros));
    }
}
