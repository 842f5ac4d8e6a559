namespace GatoLink.Grains.Abstractions.Wallets;

/// <summary>One credit to (or, negative, adjustment of) a tenant's wallet, as stored.</summary>
/// <param name="Id">Transaction id.</param>
/// <param name="TenantId">The wallet's tenant.</param>
/// <param name="AmountMicros">Micro-USD added (negative: an adjustment taking credit away).</param>
/// <param name="Reason">Why, as the admin wrote it.</param>
/// <param name="IdempotencyKey">The caller's <c>Idempotency-Key</c>: one transaction per key and tenant.</param>
/// <param name="Actor">Who made it (the admin principal's subject: <c>key/{id}</c> or the identity provider's subject).</param>
/// <param name="CreatedAt">When it was written.</param>
[GenerateSerializer]
[Alias("gatolink.wallet-transaction")]
public sealed record WalletTransaction(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] long AmountMicros,
    [property: Id(3)] string Reason,
    [property: Id(4)] string IdempotencyKey,
    [property: Id(5)] string Actor,
    [property: Id(6)] DateTimeOffset CreatedAt)
{
    /// <summary>Whether <paramref name="other"/> asks for the same thing (a replay), ignoring id, actor and time.</summary>
    public bool SameRequest(WalletTransaction other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return AmountMicros == other.AmountMicros && string.Equals(Reason, other.Reason, StringComparison.Ordinal);
    }
}
