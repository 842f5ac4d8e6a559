using GatoLink.Gateway.Identity;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Admin;

/// <summary>Who is calling the admin API: the principal the admin policy let through, by key or by access token.</summary>
/// <param name="Subject">Who: <c>key/{id}</c>, or the identity provider's subject.</param>
/// <param name="Name">The display name (the key's, the user's), if known.</param>
/// <param name="KeyId">The admin key, when the caller used one.</param>
/// <param name="TenantId">The caller's tenant.</param>
/// <param name="Role">The caller's role.</param>
public sealed record AdminPrincipal(string Subject, string? Name, Guid? KeyId, Guid TenantId, ApiKeyRole Role)
{
    private const string ItemKey = "gatolink.admin";

    /// <summary>True for a system admin.</summary>
    public bool IsSystem => Role == ApiKeyRole.SystemAdmin;

    /// <summary>Whether the caller may see the tenant: its own, or any for a system admin.</summary>
    public bool CanSee(Guid tenantId) => IsSystem || tenantId == TenantId;

    /// <summary>The signed-in principal, or null before authentication (or for a caller with no role).</summary>
    public static AdminPrincipal? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[ItemKey] is AdminPrincipal known)
        {
            return known;
        }

        var user = context.User;
        if (GatoLinkClaims.RoleOf(user) is not { } role || GatoLinkClaims.GuidOf(user, GatoLinkClaims.Tenant) is not { } tenant)
        {
            return null;
        }

        var principal = new AdminPrincipal(
            user.FindFirst(GatoLinkClaims.Subject)?.Value ?? "", user.FindFirst(GatoLinkClaims.Name)?.Value, GatoLinkClaims.GuidOf(user, GatoLinkClaims.KeyId), tenant, role);
        context.Items[ItemKey] = principal;
        return principal;
    }

    /// <summary>The signed-in principal; the admin policy has run before any admin handler.</summary>
    public static AdminPrincipal Of(HttpContext context) =>
        Find(context) ?? throw new InvalidOperationException("The admin policy did not run.");
}
