using System.Globalization;
using System.Security.Claims;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// The claims of a GatoLink principal, whichever way it signed in: subject, display name, role, tenant, and the key id
/// when it is a key. Authorization reads these and nothing scheme-specific.
/// </summary>
public static class GatoLinkClaims
{
    /// <summary>Who: the provider's subject, or <c>key/{id}</c>.</summary>
    public const string Subject = "gatolink_sub";

    /// <summary>The display name.</summary>
    public const string Name = "gatolink_name";

    /// <summary>The GatoLink role (<see cref="ApiKeyRole"/>'s name).</summary>
    public const string Role = "gatolink_role";

    /// <summary>The tenant id the principal belongs to.</summary>
    public const string Tenant = "gatolink_tenant";

    /// <summary>The key id, for a key.</summary>
    public const string KeyId = "gatolink_key";

    /// <summary>The identity of a GatoLink principal.</summary>
    /// <param name="scheme">The scheme that signed the caller in.</param>
    /// <param name="subject">Who.</param>
    /// <param name="name">Display name, if known.</param>
    /// <param name="grant">Role and tenant; null for an identity that holds none (it is authenticated, and may do nothing).</param>
    /// <param name="keyId">The key, for a key.</param>
    public static ClaimsIdentity Identity(string scheme, string subject, string? name, RoleGrant? grant, Guid? keyId)
    {
        var identity = new ClaimsIdentity(scheme, Name, Role);
        identity.AddClaim(new Claim(Subject, subject));
        if (!string.IsNullOrEmpty(name))
        {
            identity.AddClaim(new Claim(Name, name));
        }

        if (grant is not null)
        {
            identity.AddClaim(new Claim(Role, grant.Role.ToString()));
            identity.AddClaim(new Claim(Tenant, grant.TenantId.ToString("D")));
        }

        if (keyId is { } key)
        {
            identity.AddClaim(new Claim(KeyId, key.ToString("D")));
        }

        return identity;
    }

    /// <summary>The role the principal holds, or null when it holds none (an identity no rule matched).</summary>
    public static ApiKeyRole? RoleOf(ClaimsPrincipal principal) =>
        Enum.TryParse<ApiKeyRole>(principal?.FindFirstValue(Role), out var role) ? role : null;

    /// <summary>A Guid-valued claim, or null.</summary>
    public static Guid? GuidOf(ClaimsPrincipal principal, string type) =>
        Guid.TryParse(principal?.FindFirstValue(type), CultureInfo.InvariantCulture, out var id) ? id : null;
}
