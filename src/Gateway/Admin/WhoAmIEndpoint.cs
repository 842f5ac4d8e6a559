using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary><c>GET /admin/me</c>: who the caller is, whichever way it signed in (the portal's and the CLI's first call).</summary>
public static class WhoAmIEndpoint
{
    /// <summary>Maps the route on the admin group.</summary>
    public static RouteGroupBuilder MapWhoAmI(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/me", Get);
        return admin;
    }

    private static Ok<WhoAmIView> Get(HttpContext context, TenantDirectory tenants)
    {
        var principal = AdminPrincipal.Of(context);
        return TypedResults.Ok(new WhoAmIView(
            principal.Subject, principal.Name, principal.Role, principal.TenantId, tenants.Get(principal.TenantId)?.Record.Name, principal.KeyId));
    }
}

/// <summary>The caller: subject (<c>key/{id}</c> or the provider's), display name, role, tenant, and the key when it is one.</summary>
public sealed record WhoAmIView(string Subject, string? Name, ApiKeyRole Role, Guid TenantId, string? TenantName, Guid? KeyId);
