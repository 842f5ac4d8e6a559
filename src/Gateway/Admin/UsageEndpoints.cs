using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Billing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Control;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Usage analytics under /admin: whole UTC days, read from the ledger's daily rollups, or from the raw rows of the range
/// when grouped by a tag or a node or filtered by tags (<see cref="UsageQuery.NeedsRawRows"/>). Tenant admins see only
/// their tenant (another tenant's data answers 404, like the rest of /admin).
/// </summary>
public static class UsageEndpoints
{
    /// <summary>Longest range one query may ask for.</summary>
    public const int MaxDays = 3_660;

    /// <summary>Maps <c>GET /admin/usage</c>, <c>GET /admin/tenants/{id}/usage</c>, <c>GET /admin/keys/{id}/usage</c>.</summary>
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("admin", "usage");
        admin.MapGet("/usage", AllAsync).RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapGet("/tenants/{id:guid}/usage", TenantAsync).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapGet("/keys/{id:guid}/usage", KeyAsync).RequireAdmin(AdminAccess.OwnsKey);
        return app;
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> AllAsync(
        HttpContext context, [AsParameters] UsageQueryParameters query, IUsageQueries usage, TimeProvider time)
    {
        return await AnswerAsync(query, tenantId: null, keyId: null, usage, time, context.RequestAborted);
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> TenantAsync(
        HttpContext context, Guid id, [AsParameters] UsageQueryParameters query, TenantDirectory tenants, IUsageQueries usage, TimeProvider time)
    {
        if (tenants.Get(id) is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        return await AnswerAsync(query, id, keyId: null, usage, time, context.RequestAborted);
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> KeyAsync(
        HttpContext context, Guid id, [AsParameters] UsageQueryParameters query, ControlPlane control, IUsageQueries usage, TimeProvider time)
    {
        var key = await control.Storage.ApiKeys.GetAsync(id, context.RequestAborted);
        if (key is null || !AdminPrincipal.Of(context).CanSee(key.TenantId))
        {
            return AdminResults.NotFound("Key");
        }

        return await AnswerAsync(query, key.TenantId, id, usage, time, context.RequestAborted);
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> AnswerAsync(
        UsageQueryParameters query, Guid? tenantId, Guid? keyId, IUsageQueries usage, TimeProvider time, CancellationToken ct)
    {
        var (request, bad) = query.Resolve(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (request is null)
        {
            return AdminResults.Invalid(bad!);
        }

        var (from, to, groupBy, csv, groupTag, filters) = request;
        var question = new UsageQuery(from, to, groupBy, tenantId, keyId, groupTag, filters);
        var rows = (await usage.QueryAsync(question, ct)).Select(UsageRowView.From).ToList();
        if (groupBy == UsageGrouping.Node)
        {
            rows = await NodeShares.AddAsync(rows, question, usage, ct);
        }

        if (csv)
        {
            return TypedResults.Text(UsageCsv.Write(rows), "text/csv; charset=utf-8");
        }

        var saved = await usage.CacheSavingsAsync(question, ct);
        var cache = new CacheSavingsView(saved.Hits, saved.SavedTokens, Money.ToUsd(saved.SavedCostMicros));
        return TypedResults.Ok(new UsageReport(from, to, UsageGroupingText.ToText(groupBy, groupTag), tenantId, keyId, filters, rows, cache));
    }
}
