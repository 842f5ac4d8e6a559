namespace GatoLink.Bench.Wallet;

/// <summary>
/// One row: a key (its grain on <see cref="KeySilo"/>) of a tenant that is postpaid or prepaid, with or without
/// tenant-wide limits (tenant grain on <see cref="TenantSilo"/> when asked at all).
/// </summary>
/// <param name="Name">The row's label.</param>
/// <param name="Prepaid">Whether the tenant draws on a wallet (the wallet check).</param>
/// <param name="TenantLimits">Whether the tenant has limits (so its grain is asked without a wallet too).</param>
/// <param name="KeySilo">The silo the key's grain lives on (calls come from silo 0).</param>
/// <param name="TenantSilo">The silo the tenant's grain lives on.</param>
public sealed record Scenario(string Name, bool Prepaid, bool TenantLimits, int KeySilo, int TenantSilo)
{
    /// <summary>Whether admission asks the tenant's grain (what the silo's admission controller decides).</summary>
    public bool TenantLimited => Prepaid || TenantLimits;

    /// <summary>The rows, in the order each round runs them.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("postpaid", Prepaid: false, TenantLimits: false, KeySilo: 0, TenantSilo: 0),
        new("prepaid", Prepaid: true, TenantLimits: false, KeySilo: 0, TenantSilo: 0),
        new("postpaid+tenant limits", Prepaid: false, TenantLimits: true, KeySilo: 0, TenantSilo: 0),
        new("prepaid, tenant remote", Prepaid: true, TenantLimits: false, KeySilo: 0, TenantSilo: 1),
    ];
}
