using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Control;
using GatoLink.Grains.Quotas;
using GatoLink.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Live budgets read from the central quota rows (cluster-true, not this silo's view):
/// <c>GET /admin/keys/{id}/budget</c>, <c>GET /admin/tenants/{id}/budget</c> and, for any key, its own <c>GET /v1/budget</c>.
/// </summary>
public static class BudgetEndpoints
{
    /// <summary>Maps the admin budget routes.</summary>
    public static RouteGroupBuilder MapBudgetEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/keys/{id:guid}/budget", KeyBudgetAsync);
        admin.MapGet("/tenants/{id:guid}/budget", TenantBudgetAsync);
        return admin;
    }

    /// <summary>Maps <c>GET /v1/budget</c>: the caller's own key, any role.</summary>
    public static IEndpointRouteBuilder MapOwnBudget(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/budget", OwnBudgetAsync).WithTags("openai");
        return app;
    }

    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> KeyBudgetAsync(HttpContext context, Guid id, ControlPlane control, IQuotaReader reader)
    {
        var key = await KeyEndpoints.FindAsync(context, id, control);
        if (key is null)
        {
            return AdminResults.NotFound("Key");
        }

        return TypedResults.Ok(await ReadAsync(LimitScope.Key, key.Id, key.TenantId, key.Limits, reader, context.RequestAborted));
    }

    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> TenantBudgetAsync(HttpContext context, Guid id, TenantDirectory tenants, IQuotaReader reader)
    {
        var tenant = tenants.Get(id);
        if (tenant is null || !AdminPrincipal.Of(context).CanSee(id))
        {
            return AdminResults.NotFound("Tenant");
        }

        return TypedResults.Ok(await ReadAsync(LimitScope.Tenant, id, id, tenant.Record.Limits, reader, context.RequestAborted));
    }

    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> OwnBudgetAsync(HttpContext context, BearerAuthenticator auth, IQuotaReader reader, IAdmissionController admission)
    {
        var (key, error) = await auth.AuthenticateAsync(context);
        if (key is null)
        {
            if (error!.RetryAfterSeconds is { } retry)
            {
                context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Json(OpenAiErrors.Envelope(error), statusCode: error.HttpStatus);
        }

        OpenAi.RateLimitHeaderWriter.Copy(context, admission.HeadersFor(key));
        var record = key.Record;
        return TypedResults.Ok(await ReadAsync(LimitScope.Key, record.Id, record.TenantId, record.Limits, reader, context.RequestAborted));
    }

    private static async Task<BudgetView> ReadAsync(LimitScope scope, Guid id, Guid tenantId, Limits limits, IQuotaReader reader, CancellationToken ct)
    {
        var owner = id.ToString("N");
        var views = new List<BudgetLimitView>(5);
        foreach (var (kind, definition) in Definitions(limits))
        {
            var reading = await reader.ReadAsync(new QuotaId(scope, owner, kind), definition, ct);
            views.Add(new BudgetLimitView(Name(kind), Unit(kind), reading.Limit, reading.Used, reading.Remaining, Window(definition), reading.ResetsAt));
        }

        return new BudgetView(scope == LimitScope.Key ? "key" : "tenant", id, tenantId, views);
    }

    private static IEnumerable<(LimitKind Kind, QuotaDefinition Definition)> Definitions(Limits limits)
    {
        if (limits.RequestsPerMinute is { } rpm)
        {
            yield return (LimitKind.Requests, QuotaDefinition.Bucket(rpm));
        }

        if (limits.TokensPerMinute is { } tpm)
        {
            yield return (LimitKind.Tokens, QuotaDefinition.Bucket(tpm));
        }

        if (limits.DailyCostMicros is { } day)
        {
            yield return (LimitKind.DailyCost, QuotaDefinition.Budget(day, BudgetPeriod.Day));
        }

        if (limits.MonthlyCostMicros is { } month)
        {
            yield return (LimitKind.MonthlyCost, QuotaDefinition.Budget(month, BudgetPeriod.Month));
        }

        if (limits.MonthlyTokens is { } tokens)
        {
            yield return (LimitKind.MonthlyTokens, QuotaDefinition.Budget(tokens, BudgetPeriod.Month));
        }
    }

    private static string Name(LimitKind kind) => kind switch
    {
        LimitKind.Requests => "requests_per_minute",
        LimitKind.Tokens => "tokens_per_minute",
        LimitKind.DailyCost => "daily_cost",
        LimitKind.MonthlyCost => "monthly_cost",
        _ => "monthly_tokens",
    };

    private static string Unit(LimitKind kind) => kind switch
    {
        LimitKind.Requests => "requests",
        LimitKind.DailyCost or LimitKind.MonthlyCost => "usd_micros",
        _ => "tokens",
    };

    private static string Window(QuotaDefinition definition) => definition.Period switch
    {
        BudgetPeriod.Day => "day",
        BudgetPeriod.Month => "month",
        _ => "minute",
    };
}
