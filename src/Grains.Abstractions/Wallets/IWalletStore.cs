namespace GatoLink.Grains.Abstractions.Wallets;

/// <summary>Durable wallet transactions, one per tenant and idempotency key.</summary>
public interface IWalletStore
{
    /// <summary>
    /// Inserts <paramref name="transaction"/> unless its tenant already has one under the same idempotency key; returns
    /// the stored one (the new one, or the earlier one, which the caller compares).
    /// </summary>
    Task<(WalletTransaction Stored, bool Inserted)> AddAsync(WalletTransaction transaction, CancellationToken ct);

    /// <summary>The sum of every transaction of the tenant, micro-USD.</summary>
    Task<long> CreditedAsync(Guid tenantId, CancellationToken ct);

    /// <summary>The tenant's transactions, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<WalletTransaction>> ListAsync(Guid tenantId, int limit, CancellationToken ct);
}
