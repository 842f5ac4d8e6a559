using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Abstractions.Wallets;
using GatoLink.Grains.Alerts;

namespace GatoLink.Grains.Wallets;

/// <summary>
/// The outgoing billing events (<c>invoice.finalized</c>, <c>wallet.low</c>, <c>wallet.exhausted</c>) for the outbox
/// the alerts use: snake_case data, amounts in micro-USD, ids derived from what they tell so that raising one twice
/// stores it once.
/// </summary>
public static partial class BillingEvents
{
    /// <summary>The data of a wallet event.</summary>
    public sealed record WalletData(Guid TenantId, long BalanceMicros, long AvailableMicros, long CreditedMicros, long? LowBalanceMicros);

    /// <summary>The data of an invoice event: what a payment processor needs to charge it.</summary>
    public sealed record InvoiceData(string Number, Guid TenantId, string Period, string? Plan, long PlanFeeMicros, long UsageMicros, long CreditsAppliedMicros, long TotalMicros, string Currency, DateTimeOffset FinalizedAt);

    /// <summary>
    /// <c>wallet.low</c> or <c>wallet.exhausted</c> of <paramref name="wallet"/>: once per kind and credit level (a top-up
    /// starts a new level, so the next shortage is told again).
    /// </summary>
    public static OutboxEvent Wallet(OutboxEventKind kind, Guid tenantId, WalletState wallet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        var text = OutboxEventKinds.ToText(kind);
        var data = new WalletData(tenantId, wallet.BalanceMicros, wallet.AvailableMicros, wallet.CreditedMicros, wallet.LowBalanceMicros);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Tenant {tenantId}: prepaid balance {wallet.BalanceMicros / 1_000_000m:0.00####} USD ({(kind == OutboxEventKind.WalletExhausted ? "exhausted, requests are refused" : "below its threshold")})");
        return new OutboxEvent(AlertData.IdOf(string.Create(CultureInfo.InvariantCulture, $"{text}|{tenantId:N}|{wallet.CreditedMicros}")), tenantId, kind, summary,
            JsonSerializer.Serialize(data, BillingJsonContext.Default.WalletData), now);
    }

    /// <summary><c>invoice.finalized</c> of <paramref name="invoice"/>, once per invoice number.</summary>
    public static OutboxEvent Finalized(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var at = invoice.FinalizedAt ?? throw new ArgumentException("The invoice is not finalized.", nameof(invoice));
        var data = new InvoiceData(invoice.Number, invoice.TenantId, invoice.Period, invoice.Plan, invoice.PlanFeeMicros, invoice.UsageMicros, invoice.CreditsAppliedMicros,
            invoice.TotalMicros, "usd", at);
        var summary = string.Create(CultureInfo.InvariantCulture, $"Invoice {invoice.Number} for {invoice.Period} finalized: {invoice.TotalMicros / 1_000_000m:0.00####} USD due");
        return new OutboxEvent(AlertData.IdOf("invoice.finalized|" + invoice.Number), invoice.TenantId, OutboxEventKind.InvoiceFinalized, summary,
            JsonSerializer.Serialize(data, BillingJsonContext.Default.InvoiceData), at);
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(WalletData))]
    [JsonSerializable(typeof(InvoiceData))]
    private sealed partial class BillingJsonContext : JsonSerializerContext;
}
