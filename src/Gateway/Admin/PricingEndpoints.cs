using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>PUT /admin/models/{name}/pricing</c>: adds a price to the model's history, in force from <c>effective_from</c>
/// (default now), with the cache price of an answer from the response cache (default 0). Events keep the cost computed
/// when they ended, so a change never reprices the past.
/// </summary>
public static class PricingEndpoints
{
    /// <summary>Maps the pricing endpoint.</summary>
    public static IEndpointRouteBuilder MapPricingApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup("admin", "pricing");
        admin.MapPut("/models/{name}/pricing", SetPriceAsync).Accepts<PricingRequest>("application/json").RequireAdmin(AdminAccess.SystemAdmin);
        return app;
    }

    private static async Task<Results<Ok<PricingView>, JsonHttpResult<ErrorEnvelope>>> SetPriceAsync(
        HttpContext context, string name, AdminBody<PricingRequest> body, ModelDirectory models, ControlPlane control, TimeProvider time)
    {
        var model = models.Resolve(name);
        if (model is null)
        {
            return AdminResults.NotFound("Model");
        }

        var request = body.Value;
        var now = time.GetUtcNow();
        var effective = request.EffectiveFrom ?? now;
        await control.SetPriceAsync(new ModelPrice(model.Name, Money.ToMicros(request.InputPerMillionUsd!.Value), Money.ToMicros(request.OutputPerMillionUsd!.Value), effective, Money.ToMicros(request.CacheHitUsd ?? 0)), context.RequestAborted);
        var current = model.Prices.At(now);
        return TypedResults.Ok(new PricingView(model.Name, current is null ? null : PriceView.From(current), model.Prices.History.Select(PriceView.From).ToList()));
    }
}
