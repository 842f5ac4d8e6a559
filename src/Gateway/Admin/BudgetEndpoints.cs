using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Wallets;
using GatoLink.Grains.Quotas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Quotas;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Live budgets read from the key's or tenant's grain (the one activation in the cluster that counts them):
/// <c>GET /admin/keys/{id}/budget</c>, <c>GET /admin/tenants/{id}/budget</c> and, for any key, its own <c>GET /v1/budget</c>.
/// </summary>
public static class BudgetEndpoints
{
    /// <summary>Maps the admin budget routes.</summary>
    public static RouteGroupBuilder MapBudgetEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/keys/{id:guid}/budget", KeyBudgetAsync).RequireAdmin(AdminAccess.OwnsKey);
        admin.MapGet("/tenants/{id:guid}/budget", TenantBudgetAsync).RequireAdmin(AdminAccess.OwnsTenant);
        return admin;
    }

    /// <summary>Maps <c>GET /v1/budget</c>: the caller's own key, any role.</summary>
    public static IEndpointRouteBuilder MapOwnBudget(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/budget", OwnBudgetAsync).WithTags("openai");
        return app;
    }

    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> KeyBudgetAsync(HttpContext context, Guid id, ControlPlane control, TenantDirectory tenants, IGrainFactory grains)
    {
        var key = await KeyEndpoints.FindAsync(context, id, control);
        if (key is null)
        {
            return AdminResults.NotFound("Key");
        }

        return await ReadAsync(LimitScope.Key, key.Id, key.TenantId, grains.GetGrain<IApiKeyGrain>(key.Id), WalletOf(key.TenantId, tenants, grains), context.RequestAborted);
    }

    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> TenantBudgetAsync(HttpContext context, Guid id, TenantDirectory tenants, IGrainFactory grains)
    {
        var tenant = tenants.Get(id);
        if (tenant is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        return await ReadAsync(LimitScope.Tenant, id, id, grains.GetGrain<ITenantGrain>(id), WalletOf(id, tenants, grains), context.RequestAborted);
    }

    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> OwnBudgetAsync(
        HttpContext context, BearerAuthenticator auth, TenantDirectory tenants, IGrainFactory grains, IAdmissionController admission)
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

        OpenAi.RateLimitHeaderWriter.Copy(context, await admission.HeadersForAsync(key, context.RequestAborted));
        var record = key.Record;
        return await ReadAsync(LimitScope.Key, record.Id, record.TenantId, grains.GetGrain<IApiKeyGrain>(record.Id), WalletOf(record.TenantId, tenants, grains), context.RequestAborted);
    }

    /// <summary>The grain holds the cluster's counts: its reading is the whole cluster's, not this silo's.</summary>
    private static async Task<Results<Ok<BudgetView>, JsonHttpResult<ErrorEnvelope>>> ReadAsync(LimitScope scope, Guid id, Guid tenantId, ILimitedGrain grain, ITenantGrain? wallet, CancellationToken ct)
    {
        LimitReading[] readings;
        WalletState? walletState;
        try
        {
            readings = await grain.ReadLimits().WaitAsync(ReadTimeout, ct);
            walletState = wallet is null ? null : await wallet.ReadWallet().WaitAsync(ReadTimeout, ct);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return TypedResults.Json(
                OpenAiErrors.Envelope(new GatoError(ErrorKind.NoCapacity, "The budget could not be read right now; retry shortly.", "limits_unavailable", RetryAfterSeconds: 1)),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var views = readings
            .Select(r => new BudgetLimitView(Name(r.Kind), Unit(r.Kind), r.Limit, r.Used, r.Remaining, Window(r.Kind), r.ResetsAt))
            .ToList();
        var walletView = walletState is { Prepaid: true } w ? new BudgetWalletView(w.BalanceMicros, w.AvailableMicros, w.LowBalanceMicros, w.Low) : null;
        return TypedResults.Ok(new BudgetView(scope == LimitScope.Key ? "key" : "tenant", id, tenantId, views, walletView));
    }

    // A prepaid tenant's grain, whose wallet the answer shows; null for a postpaid one.
    private static ITenantGrain? WalletOf(Guid tenantId, TenantDirectory tenants, IGrainFactory grains) =>
        tenants.Get(tenantId)?.Record.BillingOrDefault.Prepaid == true ? grains.GetGrain<ITenantGrain>(tenantId) : null;

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private static string Name(LimitKind kind) => LimitNames.Of(kind);

    private static string Unit(LimitKind kind) => kind switch
    {
        LimitKind.Requests or LimitKind.Concurrent => "requests",
        LimitKind.DailyCost or LimitKind.MonthlyCost => "usd_micros",
        _ => "tokens",
    };

    private static string Window(LimitKind kind) => kind switch
    {
        LimitKind.DailyCost => "day",
        LimitKind.MonthlyCost or LimitKind.MonthlyTokens => "month",
        LimitKind.Concurrent => "now",
        _ => "minute",
    };
}
