using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Audit;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET /admin/audit?tenant_id&amp;from&amp;to&amp;limit</c>: a system admin reads everything (or one tenant); a tenant admin
/// only its own tenant (another tenant_id is 404).
/// </summary>
public static class AuditEndpoints
{
    /// <summary>Most entries per answer.</summary>
    public const int MaxLimit = AuditQueryParameters.MaxLimit;

    /// <summary>Maps the audit route on the admin group.</summary>
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/audit", ListAsync);
        return admin;
    }

    private static async Task<Results<Ok<List<AuditEntryView>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        HttpContext context, IAuditStore store, TimeProvider time, [AsParameters] AuditQueryParameters query)
    {
        var (request, bad) = query.Resolve(time.GetUtcNow());
        if (request is null)
        {
            return AdminResults.Invalid(bad!);
        }

        var principal = AdminPrincipal.Of(context);
        if (request.TenantId is { } asked && !principal.CanSee(asked))
        {
            return AdminResults.NotFound("Tenant");
        }

        var tenant = principal.IsSystem ? request.TenantId : principal.TenantId;
        var entries = await store.ListAsync(tenant, request.From, request.To, request.Limit, context.RequestAborted);
        return TypedResults.Ok(entries.Select(AuditEntryView.From).ToList());
    }
}

/// <summary>An audit entry as the admin API shows it (before/after are the JSON the mutation stored).</summary>
public sealed record AuditEntryView(long Id, DateTimeOffset At, Guid? ActorKeyId, string? ActorSubject, string? ActorName, Guid? TenantId, string Action, string Target, string? Before, string? After)
{
    /// <summary>Maps an entry.</summary>
    public static AuditEntryView From(AuditEntry e) => new(e.Id, e.At, e.ActorKeyId, e.ActorSubject, e.ActorName, e.TenantId, e.Action, e.Target, e.Before, e.After);
}
