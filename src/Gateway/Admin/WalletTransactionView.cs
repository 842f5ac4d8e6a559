using GatoLink.Grains.Abstractions.Wallets;

namespace GatoLink.Gateway.Admin;

/// <summary>One wallet transaction as the admin API shows it.</summary>
public sealed record WalletTransactionView(Guid Id, decimal AmountUsd, string Reason, string IdempotencyKey, string Actor, DateTimeOffset CreatedAt)
{
    /// <summary>Maps a record.</summary>
    public static WalletTransactionView From(WalletTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Id, Money.ToUsd(t.AmountMicros), t.Reason, t.IdempotencyKey, t.Actor, t.CreatedAt);
    }
}
