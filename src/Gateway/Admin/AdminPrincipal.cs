using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Admin;

/// <summary>Who is calling the admin API.</summary>
public sealed record AdminPrincipal(Guid KeyId, Guid TenantId, ApiKeyRole Role)
{
    private const string ItemKey = "gatolink.admin";

    /// <summary>True for a system admin.</summary>
    public bool IsSystem => Role == ApiKeyRole.SystemAdmin;

    /// <summary>Whether the caller may see the tenant: its own, or any for a system admin.</summary>
    public bool CanSee(Guid tenantId) => IsSystem || tenantId == TenantId;

    /// <summary>Stores the principal on the request.</summary>
    public void Attach(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>The principal the auth filter attached, or null before it ran.</summary>
    public static AdminPrincipal? Find(HttpContext context) => context.Items[ItemKey] as AdminPrincipal;

    /// <summary>The principal the auth filter attached.</summary>
    public static AdminPrincipal Of(HttpContext context) =>
        context.Items[ItemKey] as AdminPrincipal ?? throw new InvalidOperationException("The admin auth filter did not run.");
}
