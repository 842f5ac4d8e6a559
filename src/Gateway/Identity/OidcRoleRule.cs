using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// One claim-mapping rule: a token carrying <see cref="Claim"/> (with <see cref="Value"/>, when set) is
/// <see cref="Role"/>. For a tenant admin the tenant is <see cref="Tenant"/>, or else the claim's value (a tenant's
/// name or id): <c>{ Claim: "groups", Value: "gatolink-admins", Role: "SystemAdmin" }</c>,
/// <c>{ Claim: "tenant", Role: "TenantAdmin" }</c>.
/// </summary>
public sealed class OidcRoleRule
{
    /// <summary>The claim type, as the token carries it (e.g. <c>groups</c>, <c>roles</c>, <c>tenant</c>).</summary>
    public string Claim { get; set; } = "";

    /// <summary>The value the claim must have; unset: any value.</summary>
    public string? Value { get; set; }

    /// <summary>The role granted: <see cref="ApiKeyRole.SystemAdmin"/> or <see cref="ApiKeyRole.TenantAdmin"/>.</summary>
    public ApiKeyRole Role { get; set; } = ApiKeyRole.TenantAdmin;

    /// <summary>For a tenant admin: the tenant's name or id; unset: the claim's value names it.</summary>
    public string? Tenant { get; set; }
}
