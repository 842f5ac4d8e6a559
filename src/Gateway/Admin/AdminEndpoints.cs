using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary>The admin REST API: tenants, keys, nodes, models. Snake_case JSON, OpenAI-shaped errors.</summary>
public static class AdminEndpoints
{
    /// <summary>Maps /admin.</summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("admin");
        admin.MapPost("/tenants", CreateTenantAsync).Accepts<CreateTenantRequest>("application/json").RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapGet("/tenants", ListTenants);
        admin.MapGet("/tenants/{id:guid}", GetTenant).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapPost("/tenants/{id:guid}/keys", CreateKeyAsync).Accepts<CreateKeyRequest>("application/json").RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapGet("/tenants/{id:guid}/keys", ListKeysAsync).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapNodeAdminApi();
        admin.MapWhoAmI();
        admin.MapScalingEndpoints();
        admin.MapQueueEndpoints();
        admin.MapClusterEndpoints();
        admin.MapPost("/models", UpsertModelAsync).Accepts<ModelRequest>("application/json").RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapGet("/models", ListModels);
        return app;
    }

    private static async Task<Results<Created<TenantView>, JsonHttpResult<Json.ErrorEnvelope>>> CreateTenantAsync(
        HttpContext context, AdminBody<CreateTenantRequest> body, ControlPlane control, PlanCatalog plans, AdminAudit audit, TimeProvider time)
    {
        var request = body.Value;
        var (billing, bad) = await request.ToBillingPatch().ApplyAsync(TenantBilling.Default, plans, time.GetUtcNow(), context.RequestAborted);
        if (bad is not null)
        {
            return AdminResults.Invalid(bad);
        }

        // A tenant on a plan is stored with its first plan period, in one transaction.
        var tenant = await control.CreateTenantAsync(request.Name!.Trim(), request.ToLimits(), billing == TenantBilling.Default ? null : billing, request.ToShare(), context.RequestAborted);

        await audit.TenantAsync(context, "tenant.create", tenant.Id, null, TenantView.From(tenant));
        return TypedResults.Created($"/admin/tenants/{tenant.Id}", TenantView.From(tenant));
    }

    private static Ok<List<TenantView>> ListTenants(HttpContext context, TenantDirectory tenants)
    {
        var principal = AdminPrincipal.Of(context);
        var all = tenants.All.Where(t => principal.CanSee(t.Id)).Select(t => TenantView.From(t.Record)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(all);
    }

    private static Results<Ok<TenantView>, JsonHttpResult<Json.ErrorEnvelope>> GetTenant(HttpContext context, Guid id, TenantDirectory tenants)
    {
        var tenant = tenants.Get(id);
        if (tenant is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        return TypedResults.Ok(TenantView.From(tenant.Record));
    }

    private static async Task<Results<Created<KeyView>, JsonHttpResult<Json.ErrorEnvelope>>> CreateKeyAsync(HttpContext context, Guid id, AdminBody<CreateKeyRequest> body, TenantDirectory tenants, ControlPlane control, AdminAudit audit)
    {
        if (tenants.Get(id) is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        var request = body.Value;
        var role = request.Role ?? ApiKeyRole.User;
        if (role == ApiKeyRole.SystemAdmin && !AdminPrincipal.Of(context).IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        var created = await control.CreateKeyAsync(
            id, request.Name?.Trim() ?? "key", role, request.ToLimits(), request.AllowedModels?.Select(m => m.Trim()).ToList() ?? [], request.ExpiresAt, secret: null, request.Priority ?? PriorityClass.Interactive, context.RequestAborted);
        await audit.KeyAsync(context, "key.create", created.Key.Id, id, null, KeyView.From(created.Key));
        return TypedResults.Created($"/admin/keys/{created.Key.Id}", KeyView.From(created.Key, created.Secret));
    }

    private static async Task<Results<Ok<List<KeyView>>, JsonHttpResult<Json.ErrorEnvelope>>> ListKeysAsync(HttpContext context, Guid id, TenantDirectory tenants, ControlPlane control)
    {
        if (tenants.Get(id) is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        var keys = await control.Storage.ApiKeys.ListByTenantAsync(id, context.RequestAborted);
        return TypedResults.Ok(keys.Select(k => KeyView.From(k)).ToList());
    }

    private static async Task<Results<Created<ModelView>, JsonHttpResult<Json.ErrorEnvelope>>> UpsertModelAsync(HttpContext context, AdminBody<ModelRequest> body, ControlPlane control, ModelDirectory models, AdminAudit audit, TimeProvider time)
    {
        var request = body.Value;
        var name = request.Name!.Trim();
        var now = time.GetUtcNow();
        var before = models.Resolve(name) is { } existing ? ToView(existing, now) : null;
        var record = new ModelRecord(
            name,
            request.Aliases?.Select(a => a.Trim()).ToList() ?? [],
            request.ContextLength ?? ModelRequest.DefaultContextLength,
            request.DefaultMaxTokens ?? ModelRequest.DefaultDefaultMaxTokens,
            request.Strategy ?? PlacementStrategyKind.GatoLink,
            now);
        await control.UpsertModelAsync(record, context.RequestAborted);
        if (request.InputPricePerMillionUsd is not null || request.OutputPricePerMillionUsd is not null)
        {
            var price = new ModelPrice(record.Name, Money.ToMicros(request.InputPricePerMillionUsd ?? 0), Money.ToMicros(request.OutputPricePerMillionUsd ?? 0), now);
            await control.SetPriceAsync(price, context.RequestAborted);
        }

        var view = ToView(models.Resolve(record.Name)!, now);
        await audit.SystemAsync(context, "model.upsert", $"model/{record.Name}", before, view);
        return TypedResults.Created($"/admin/models/{record.Name}", view);
    }

    private static Ok<List<ModelView>> ListModels(ModelDirectory models, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(models.All.Select(m => ToView(m, now)).ToList());
    }

    private static ModelView ToView(ModelRoute m, DateTimeOffset now)
    {
        var price = m.Prices.At(now);
        return new ModelView(m.Name, m.Record.Aliases, m.Record.ContextLength, m.Record.DefaultMaxTokens, m.Record.Strategy,
            price is null ? null : PriceView.From(price), m.Prices.History.Select(PriceView.From).ToList(), m.Record.CreatedAt);
    }
}
