using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Quotas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET/PUT /admin/keys/{id}/alerts</c> and <c>/admin/tenants/{id}/alerts</c>: the rules by which the key's or
/// tenant's grain raises budget and anomaly alerts. A PUT is stored, then the grain reloads its rules.
/// </summary>
public static class AlertEndpoints
{
    /// <summary>Maps the alert rule routes on the admin group.</summary>
    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/keys/{id:guid}/alerts", GetKeyAsync).RequireAdmin(AdminAccess.OwnsKey);
        admin.MapPut("/keys/{id:guid}/alerts", PutKeyAsync).RequireAdmin(AdminAccess.OwnsKey);
        admin.MapGet("/tenants/{id:guid}/alerts", GetTenantAsync).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapPut("/tenants/{id:guid}/alerts", PutTenantAsync).RequireAdmin(AdminAccess.OwnsTenant);
        return admin;
    }

    private static async Task<Results<Ok<AlertRulesView>, JsonHttpResult<ErrorEnvelope>>> GetKeyAsync(HttpContext context, Guid id, ControlPlane control, IAlertRuleStore rules) =>
        await KeyEndpoints.FindAsync(context, id, control) is null
            ? AdminResults.NotFound("Key")
            : TypedResults.Ok(AlertRulesView.From("key", id, await rules.GetAsync(LimitScope.Key, id, context.RequestAborted)));

    private static async Task<Results<Ok<AlertRulesView>, JsonHttpResult<ErrorEnvelope>>> GetTenantAsync(HttpContext context, Guid id, TenantDirectory tenants, IAlertRuleStore rules) =>
        tenants.Get(id) is null || !AdminPrincipal.Of(context).CanSee(id)
            ? AdminResults.NotFound("Tenant")
            : TypedResults.Ok(AlertRulesView.From("tenant", id, await rules.GetAsync(LimitScope.Tenant, id, context.RequestAborted)));

    private static async Task<Results<Ok<AlertRulesView>, JsonHttpResult<ErrorEnvelope>>> PutKeyAsync(
        HttpContext context, Guid id, AdminBody<AlertRulesRequest> body, ControlPlane control, IAlertRuleStore rules, IGrainFactory grains, AdminAudit audit, TimeProvider time)
    {
        var key = await KeyEndpoints.FindAsync(context, id, control);
        if (key is null)
        {
            return AdminResults.NotFound("Key");
        }

        var view = await PutAsync(context, LimitScope.Key, id, key.TenantId, body.Value, rules, audit, time);
        await grains.GetGrain<IApiKeyGrain>(id).Refresh();
        return TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<AlertRulesView>, JsonHttpResult<ErrorEnvelope>>> PutTenantAsync(
        HttpContext context, Guid id, AdminBody<AlertRulesRequest> body, TenantDirectory tenants, IAlertRuleStore rules, IGrainFactory grains, AdminAudit audit, TimeProvider time)
    {
        if (tenants.Get(id) is null || !AdminPrincipal.Of(context).CanSee(id))
        {
            return AdminResults.NotFound("Tenant");
        }

        var view = await PutAsync(context, LimitScope.Tenant, id, id, body.Value, rules, audit, time);
        await grains.GetGrain<ITenantGrain>(id).Refresh();
        return TypedResults.Ok(view);
    }

    private static async Task<AlertRulesView> PutAsync(HttpContext context, LimitScope scope, Guid id, Guid tenantId, AlertRulesRequest request, IAlertRuleStore rules, AdminAudit audit, TimeProvider time)
    {
        var name = scope == LimitScope.Key ? "key" : "tenant";
        var before = AlertRulesView.From(name, id, await rules.GetAsync(scope, id, context.RequestAborted));
        var wanted = request.ToRules();
        await rules.PutAsync(scope, id, wanted, time.GetUtcNow(), context.RequestAborted);
        var after = AlertRulesView.From(name, id, wanted);
        await audit.ScopedAsync(context, name + ".alerts", $"{name}/{id}", tenantId, before, after);
        return after;
    }
}
