namespace GatoLink.Grains.Abstractions.Wallets;

/// <summary>A tenant's wallet as its grain holds it now, for the whole cluster.</summary>
/// <param name="Prepaid">Whether the tenant's requests draw on it.</param>
/// <param name="CreditedMicros">Every top-up and adjustment, summed.</param>
/// <param name="SpentMicros">The settled cost of its usage since the wallet opened.</param>
/// <param name="ReservedMicros">What requests in flight have reserved.</param>
/// <param name="LowBalanceMicros">The low-balance threshold, or null.</param>
[GenerateSerializer]
[Alias("gatolink.wallet-state")]
public sealed record WalletState(
    [property: Id(0)] bool Prepaid,
    [property: Id(1)] long CreditedMicros,
    [property: Id(2)] long SpentMicros,
    [property: Id(3)] long ReservedMicros,
    [property: Id(4)] long? LowBalanceMicros)
{
    /// <summary>Credited minus spent: what is left once the requests in flight settle at no cost.</summary>
    public long BalanceMicros => CreditedMicros - SpentMicros;

    /// <summary>What a new request may still reserve.</summary>
    public long AvailableMicros => BalanceMicros - ReservedMicros;

    /// <summary>Whether the balance is below the threshold.</summary>
    public bool Low => LowBalanceMicros is { } low && BalanceMicros < low;
}
