using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Wallets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET /admin/tenants/{id}/wallet</c> (the tenant's admins too) and <c>POST …/wallet/topups</c>,
/// <c>…/wallet/adjustments</c> (system admins): each write names an <c>Idempotency-Key</c>, so a retried top-up counts
/// once, and is written by the tenant's grain before the answer.
/// </summary>
public static class WalletEndpoints
{
    /// <summary>The header naming a top-up, as Stripe's API spells it.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    private const int MaxKey = 255;
    private const int ListedTransactions = 100;

    /// <summary>Maps the wallet routes on the admin group.</summary>
    public static RouteGroupBuilder MapWalletEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/tenants/{id:guid}/wallet", GetAsync).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapPost("/tenants/{id:guid}/wallet/topups", TopUpAsync).RequireAdmin(AdminAccess.OwnsTenant).RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapPost("/tenants/{id:guid}/wallet/adjustments", AdjustAsync).RequireAdmin(AdminAccess.OwnsTenant).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static async Task<Results<Ok<WalletView>, JsonHttpResult<ErrorEnvelope>>> GetAsync(HttpContext context, Guid id, TenantDirectory tenants, IGrainFactory grains, IWalletStore wallets)
    {
        if (tenants.Get(id) is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        var state = await grains.GetGrain<ITenantGrain>(id).ReadWallet();
        var transactions = await wallets.ListAsync(id, ListedTransactions, context.RequestAborted);
        return TypedResults.Ok(WalletView.From(id, state, transactions));
    }

    private static Task<Results<Created<TopUpAnswer>, Ok<TopUpAnswer>, JsonHttpResult<ErrorEnvelope>>> TopUpAsync(
        HttpContext context, Guid id, AdminBody<TopUpRequest> body, TenantDirectory tenants, IGrainFactory grains, AdminAudit audit, TimeProvider time) =>
        WriteAsync(context, id, body.Value, adjustment: false, tenants, grains, audit, time);

    private static Task<Results<Created<TopUpAnswer>, Ok<TopUpAnswer>, JsonHttpResult<ErrorEnvelope>>> AdjustAsync(
        HttpContext context, Guid id, AdminBody<TopUpRequest> body, TenantDirectory tenants, IGrainFactory grains, AdminAudit audit, TimeProvider time) =>
        WriteAsync(context, id, body.Value, adjustment: true, tenants, grains, audit, time);

    private static async Task<Results<Created<TopUpAnswer>, Ok<TopUpAnswer>, JsonHttpResult<ErrorEnvelope>>> WriteAsync(
        HttpContext context, Guid id, TopUpRequest request, bool adjustment, TenantDirectory tenants, IGrainFactory grains, AdminAudit audit, TimeProvider time)
    {
        if (tenants.Get(id) is null)
        {
            return AdminResults.NotFound("Tenant");
        }

        var key = context.Request.Headers[IdempotencyHeader].ToString().Trim();
        if (key.Length is 0 or > MaxKey)
        {
            return AdminResults.Invalid($"The '{IdempotencyHeader}' header is required (1 to {MaxKey} characters): it makes a retried top-up count once.", IdempotencyHeader);
        }

        if (!adjustment && request.AmountUsd <= 0)
        {
            return AdminResults.Invalid("'amount_usd' of a top-up must be more than zero; take credit away with an adjustment.", "amount_usd");
        }

        var now = time.GetUtcNow();
        var transaction = new WalletTransaction(Guid.CreateVersion7(now), id, Money.ToMicros(request.AmountUsd!.Value), request.Reason!.Trim(), key,
            AdminPrincipal.Of(context).Subject, now);
        var result = await grains.GetGrain<ITenantGrain>(id).TopUp(transaction);
        var answer = new TopUpAnswer(result.Transaction is { } t ? WalletTransactionView.From(t) : null, WalletView.From(id, result.Wallet, []), result.Outcome == TopUpOutcome.Replayed);
        switch (result.Outcome)
        {
            case TopUpOutcome.Credited:
                await audit.ScopedAsync(context, adjustment ? "wallet.adjust" : "wallet.topup", $"tenant/{id}/wallet", id, null, answer.Transaction);
                return TypedResults.Created($"/admin/tenants/{id}/wallet", answer);
            case TopUpOutcome.Replayed:
                return TypedResults.Ok(answer);
            case TopUpOutcome.KeyReused:
                return AdminResults.Conflict($"This '{IdempotencyHeader}' was used for a different top-up of this tenant; nothing was credited.", IdempotencyHeader);
            default:
                return AdminResults.Invalid("This adjustment would take the wallet's balance below zero; nothing was written.", "amount_usd");
        }
    }
}
