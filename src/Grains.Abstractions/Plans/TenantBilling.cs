namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>A tenant's billing settings.</summary>
/// <param name="Plan">The plan's name, or null (no plan: no fee, no allowance, only the tenant's own limits).</param>
/// <param name="Mode">Postpaid or prepaid.</param>
/// <param name="WalletSince">
/// When the wallet opened (the tenant's first switch to prepaid): its debits are the ledger's cost of the tenant's
/// usage from then on. Null while the tenant has never been prepaid.
/// </param>
/// <param name="LowBalanceMicros">Below this balance the wallet is low (shown in <c>/v1/budget</c>, event <c>wallet.low</c>); null: never.</param>
[GenerateSerializer]
[Alias("gatolink.tenant-billing")]
public sealed record TenantBilling(
    [property: Id(0)] string? Plan,
    [property: Id(1)] BillingMode Mode,
    [property: Id(2)] DateTimeOffset? WalletSince,
    [property: Id(3)] long? LowBalanceMicros)
{
    /// <summary>Postpaid, no plan.</summary>
    public static TenantBilling Default { get; } = new(null, BillingMode.Postpaid, null, null);

    /// <summary>Whether requests draw on the wallet.</summary>
    public bool Prepaid => Mode == BillingMode.Prepaid;
}
