using GatoLink.Grains.Abstractions.Wallets;

namespace GatoLink.Gateway.Admin;

/// <summary>A tenant's wallet as the admin API shows it: USD on the wire, exact to the micro-dollar.</summary>
public sealed record WalletView(
    Guid TenantId,
    bool Prepaid,
    decimal BalanceUsd,
    decimal CreditedUsd,
    decimal SpentUsd,
    decimal ReservedUsd,
    decimal AvailableUsd,
    decimal? LowBalanceUsd,
    bool Low,
    IReadOnlyList<WalletTransactionView> Transactions)
{
    /// <summary>Maps a state and its transactions.</summary>
    public static WalletView From(Guid tenantId, WalletState s, IReadOnlyList<WalletTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(transactions);
        return new(tenantId, s.Prepaid, Money.ToUsd(s.BalanceMicros), Money.ToUsd(s.CreditedMicros), Money.ToUsd(s.SpentMicros), Money.ToUsd(s.ReservedMicros),
            Money.ToUsd(s.AvailableMicros), Money.ToUsd(s.LowBalanceMicros), s.Low, transactions.Select(WalletTransactionView.From).ToList());
    }
}
