using System.Globalization;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Control;
using GatoLink.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Usage analytics under /admin, read from the ledger's daily rollups: whole UTC days, any range, never a scan of
/// raw events. Tenant admins see only their tenant (another tenant's data answers 404, like the rest of /admin).
/// </summary>
public static class UsageEndpoints
{
    /// <summary>Longest range one query may ask for.</summary>
    public const int MaxDays = 3_660;

    /// <summary>Maps <c>GET /admin/usage</c>, <c>GET /admin/tenants/{id}/usage</c>, <c>GET /admin/keys/{id}/usage</c>.</summary>
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter<AdminAuthFilter>().WithTags("admin", "usage");
        admin.MapGet("/usage", AllAsync);
        admin.MapGet("/tenants/{id:guid}/usage", TenantAsync);
        admin.MapGet("/keys/{id:guid}/usage", KeyAsync);
        return app;
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> AllAsync(
        HttpContext context, [AsParameters] UsageQueryParameters query, IUsageQueries usage, TimeProvider time)
    {
        if (!AdminPrincipal.Of(context).IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        return await AnswerAsync(query, tenantId: null, keyId: null, usage, time, context.RequestAborted);
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> TenantAsync(
        HttpContext context, Guid id, [AsParameters] UsageQueryParameters query, TenantDirectory tenants, IUsageQueries usage, TimeProvider time)
    {
        if (tenants.Get(id) is null || !AdminPrincipal.Of(context).CanSee(id))
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
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!TryDay(query.To, today, out var to))
        {
            return AdminResults.Invalid("'to' must be a date (yyyy-MM-dd) or an ISO 8601 timestamp.", "to");
        }

        if (!TryDay(query.From, to.AddDays(-29), out var from))
        {
            return AdminResults.Invalid("'from' must be a date (yyyy-MM-dd) or an ISO 8601 timestamp.", "from");
        }

        if (from > to || to.DayNumber - from.DayNumber >= MaxDays)
        {
            return AdminResults.Invalid($"'from' must not be after 'to', and the range must be under {MaxDays} days.", "from");
        }

        UsageGrouping? grouping = query.GroupBy?.ToLowerInvariant() switch
        {
            null or "" or "day" => UsageGrouping.Day,
            "model" => UsageGrouping.Model,
            "key" => UsageGrouping.Key,
            _ => null,
        };
        if (grouping is not { } groupBy)
        {
            return AdminResults.Invalid("'group_by' must be day, model or key.", "group_by");
        }

        var csv = query.Format?.ToLowerInvariant() switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return AdminResults.Invalid("'format' must be json or csv.", "format");
        }

        var rows = (await usage.QueryAsync(new UsageQuery(from, to, groupBy, tenantId, keyId), ct)).Select(UsageRowView.From).ToList();
        if (csv == true)
        {
            return TypedResults.Text(UsageCsv.Write(rows), "text/csv; charset=utf-8");
        }

        return TypedResults.Ok(new UsageReport(from, to, groupBy, tenantId, keyId, rows));
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            day = fallback;
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            day = DateOnly.FromDateTime(at.UtcDateTime);
            return true;
        }

        return false;
    }
}
