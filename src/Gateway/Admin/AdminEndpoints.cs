using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Control;
using GatoLink.Grains.Keys;
using GatoLink.Grains.Models;
using GatoLink.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>The admin REST API: tenants, keys, nodes, models. Snake_case JSON, OpenAI-shaped errors.</summary>
public static class AdminEndpoints
{
    /// <summary>Maps /admin.</summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter<AdminAuthFilter>().WithTags("admin");
        admin.MapPost("/tenants", CreateTenantAsync);
        admin.MapGet("/tenants", ListTenants);
        admin.MapGet("/tenants/{id:guid}", GetTenant);
        admin.MapPost("/tenants/{id:guid}/keys", CreateKeyAsync);
        admin.MapGet("/tenants/{id:guid}/keys", ListKeysAsync);
        admin.MapNodeAdminApi();
        admin.MapPost("/models", UpsertModelAsync);
        admin.MapGet("/models", ListModels);
        return app;
    }

    private static async Task<Results<Created<TenantView>, JsonHttpResult<Json.ErrorEnvelope>>> CreateTenantAsync(HttpContext context, CreateTenantRequest body, ControlPlane control, AdminAudit audit)
    {
        if (!AdminPrincipal.Of(context).IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return AdminResults.Invalid("'name' is required.", "name");
        }

        var limits = new Limits(body.Rpm, body.Tpm, Money.ToMicros(body.DailyCostUsd), Money.ToMicros(body.MonthlyCostUsd), body.MonthlyTokens);
        var tenant = await control.CreateTenantAsync(body.Name.Trim(), limits, context.RequestAborted);
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
        if (tenant is null || !AdminPrincipal.Of(context).CanSee(id))
        {
            return AdminResults.NotFound("Tenant");
        }

        return TypedResults.Ok(TenantView.From(tenant.Record));
    }

    private static async Task<Results<Created<KeyView>, JsonHttpResult<Json.ErrorEnvelope>>> CreateKeyAsync(HttpContext context, Guid id, CreateKeyRequest body, TenantDirectory tenants, ControlPlane control, AdminAudit audit, TimeProvider time)
    {
        var principal = AdminPrincipal.Of(context);
        if (tenants.Get(id) is null || !principal.CanSee(id))
        {
            return AdminResults.NotFound("Tenant");
        }

        var role = body.Role ?? ApiKeyRole.User;
        if (role == ApiKeyRole.SystemAdmin && !principal.IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        if (body.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return AdminResults.Invalid("'expires_at' must be in the future.", "expires_at");
        }

        var limits = new Limits(body.Rpm, body.Tpm, Money.ToMicros(body.DailyCostUsd), Money.ToMicros(body.MonthlyCostUsd), body.MonthlyTokens);
        var created = await control.CreateKeyAsync(id, body.Name?.Trim() ?? "key", role, limits, body.AllowedModels ?? [], body.ExpiresAt, secret: null, context.RequestAborted);
        await audit.KeyAsync(context, "key.create", created.Key.Id, id, null, KeyView.From(created.Key));
        return TypedResults.Created($"/admin/keys/{created.Key.Id}", KeyView.From(created.Key, created.Secret));
    }

    private static async Task<Results<Ok<List<KeyView>>, JsonHttpResult<Json.ErrorEnvelope>>> ListKeysAsync(HttpContext context, Guid id, TenantDirectory tenants, ControlPlane control)
    {
        if (tenants.Get(id) is null || !AdminPrincipal.Of(context).CanSee(id))
        {
            return AdminResults.NotFound("Tenant");
        }

        var keys = await control.Storage.ApiKeys.ListByTenantAsync(id, context.RequestAborted);
        return TypedResults.Ok(keys.Select(k => KeyView.From(k)).ToList());
    }

    private static async Task<Results<Created<ModelView>, JsonHttpResult<Json.ErrorEnvelope>>> UpsertModelAsync(HttpContext context, ModelRequest body, ControlPlane control, ModelDirectory models, AdminAudit audit, TimeProvider time)
    {
        if (!AdminPrincipal.Of(context).IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return AdminResults.Invalid("'name' is required.", "name");
        }

        if (body.InputPricePerMillionUsd < 0 || body.OutputPricePerMillionUsd < 0)
        {
            return AdminResults.Invalid("Prices cannot be negative.", "input_price_per_million_usd");
        }

        var now = time.GetUtcNow();
        var before = models.Resolve(body.Name.Trim()) is { } existing ? ToView(existing, now) : null;
        var record = new ModelRecord(body.Name.Trim(), body.Aliases ?? [], body.ContextLength ?? 8192, body.DefaultMaxTokens ?? 256, body.Strategy ?? PlacementStrategyKind.GatoLink, now);
        await control.UpsertModelAsync(record, context.RequestAborted);
        if (body.InputPricePerMillionUsd is not null || body.OutputPricePerMillionUsd is not null)
        {
            var price = new ModelPrice(record.Name, Money.ToMicros(body.InputPricePerMillionUsd ?? 0), Money.ToMicros(body.OutputPricePerMillionUsd ?? 0), now);
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
