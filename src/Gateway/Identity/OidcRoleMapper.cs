using System.Security.Claims;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Gateway.Identity;

/// <summary>
/// Applies <see cref="OidcOptions.Rules"/> to a validated token's claims. A system-admin rule wins; otherwise exactly
/// one tenant must match (a user whose claims name two tenants gets nothing rather than a guess), and that tenant must
/// exist on this cluster. No match: no role.
/// </summary>
public sealed class OidcRoleMapper
{
    /// <summary>The tenant system admins belong to (the bootstrap creates it).</summary>
    public const string SystemTenantName = "system";

    private readonly TenantDirectory _tenants;
    private readonly IOptionsMonitor<OidcOptions> _options;

    /// <summary>Creates the mapper.</summary>
    public OidcRoleMapper(TenantDirectory tenants, IOptionsMonitor<OidcOptions> options)
    {
        _tenants = tenants;
        _options = options;
    }

    /// <summary>The role the claims earn, or null.</summary>
    public RoleGrant? Map(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tenants = new HashSet<Guid>();
        foreach (var rule in _options.CurrentValue.Rules)
        {
            foreach (var claim in user.FindAll(rule.Claim))
            {
                if (rule.Value is not null && !string.Equals(rule.Value, claim.Value, StringComparison.Ordinal))
                {
                    continue;
                }

                if (rule.Role == ApiKeyRole.SystemAdmin)
                {
                    return FindTenant(SystemTenantName) is { } system ? new RoleGrant(ApiKeyRole.SystemAdmin, system) : null;
                }

                if (rule.Role == ApiKeyRole.TenantAdmin && FindTenant(rule.Tenant ?? claim.Value) is { } tenant)
                {
                    tenants.Add(tenant);
                }
            }
        }

        return tenants.Count == 1 ? new RoleGrant(ApiKeyRole.TenantAdmin, tenants.First()) : null;
    }

    private Guid? FindTenant(string nameOrId)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return _tenants.Get(id)?.Id;
        }

        return _tenants.All.FirstOrDefault(t => string.Equals(t.Record.Name, nameOrId, StringComparison.Ordinal))?.Id;
    }
}
