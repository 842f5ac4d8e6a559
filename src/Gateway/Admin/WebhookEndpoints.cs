using GatoLink.Gateway.Admin.Access;
using System.Security.Cryptography;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET/POST /admin/webhooks</c> and <c>GET /admin/webhooks/{id}/deliveries</c>: the receivers of outgoing events
/// (alerts now, billing events later) and their delivery log. A tenant admin's webhooks get its tenant's events; a
/// system admin's, one tenant's or (without <c>tenant_id</c>) everyone's.
/// </summary>
public static class WebhookEndpoints
{
    private const int MaxLog = 500;

    /// <summary>Maps the webhook routes on the admin group.</summary>
    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/webhooks", ListAsync);
        admin.MapPost("/webhooks", CreateAsync);
        admin.MapGet("/webhooks/{id:guid}/deliveries", DeliveriesAsync).RequireAdmin(AdminAccess.OwnsWebhook);
        return admin;
    }

    private static async Task<Ok<List<WebhookView>>> ListAsync(HttpContext context, IWebhookStore webhooks)
    {
        var principal = AdminPrincipal.Of(context);
        var all = await webhooks.ListAsync(principal.IsSystem ? null : principal.TenantId, context.RequestAborted);
        return TypedResults.Ok(all.Select(w => WebhookView.From(w)).ToList());
    }

    private static async Task<Results<Created<WebhookView>, JsonHttpResult<ErrorEnvelope>>> CreateAsync(
        HttpContext context, AdminBody<WebhookRequest> body, IWebhookStore webhooks, TenantDirectory tenants, AdminAudit audit, TimeProvider time)
    {
        var request = body.Value;
        var principal = AdminPrincipal.Of(context);
        if (!principal.IsSystem && request.TenantId is { } other && other != principal.TenantId)
        {
            return AdminResults.NotFound("Tenant");
        }

        var tenantId = principal.IsSystem ? request.TenantId : principal.TenantId;
        if (tenantId is { } t && tenants.Get(t) is null)
        {
            return AdminResults.Invalid("No tenant has this id.", "tenant_id");
        }

        var webhook = new WebhookRecord(Guid.CreateVersion7(time.GetUtcNow()), tenantId, new Uri(request.Url!.Trim(), UriKind.Absolute),
            "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), request.Kinds, request.BodyFormat, time.GetUtcNow());
        await webhooks.CreateAsync(webhook, context.RequestAborted);
        var view = WebhookView.From(webhook);
        await audit.ScopedAsync<WebhookView>(context, "webhook.create", $"webhook/{webhook.Id}", tenantId, null, view);
        return TypedResults.Created($"/admin/webhooks/{webhook.Id}", WebhookView.From(webhook, withSecret: true));
    }

    private static async Task<Results<Ok<List<DeliveryAttemptView>>, JsonHttpResult<ErrorEnvelope>>> DeliveriesAsync(HttpContext context, Guid id, IWebhookStore webhooks)
    {
        var webhook = await webhooks.GetAsync(id, context.RequestAborted);
        var principal = AdminPrincipal.Of(context);
        if (webhook is null || !(principal.IsSystem || webhook.TenantId == principal.TenantId))
        {
            return AdminResults.NotFound("Webhook");
        }

        var log = await webhooks.AttemptsAsync(id, MaxLog, context.RequestAborted);
        return TypedResults.Ok(log.Select(DeliveryAttemptView.From).ToList());
    }
}
