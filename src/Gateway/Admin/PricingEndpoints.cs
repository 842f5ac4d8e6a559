using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Control;
using GatoLink.Grains.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>PUT /admin/models/{name}/pricing</c>: adds a price to the model's history, in force from <c>effective_from</c>
/// (default now). Events keep the cost computed when they ended, so a change never reprices the past.
/// </summary>
public static class PricingEndpoints
{
    // A price may not start in the past: the ledger already holds events priced at the old one, and a backdated
    // price would make the history disagree with them. A few seconds cover clock skew between admin and silo.
    private static readonly TimeSpan PastTolerance = TimeSpan.FromSeconds(5);

    /// <summary>Maps the pricing endpoint.</summary>
    public static IEndpointRouteBuilder MapPricingApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter<AdminAuthFilter>().WithTags("admin", "pricing");
        admin.MapPut("/models/{name}/pricing", SetPriceAsync);
        return app;
    }

    private static async Task<Results<Ok<PricingView>, JsonHttpResult<ErrorEnvelope>>> SetPriceAsync(
        HttpContext context, string name, PricingRequest body, ModelDirectory models, ControlPlane control, TimeProvider time)
    {
        if (!AdminPrincipal.Of(context).IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        var model = models.Resolve(name);
        if (model is null)
        {
            return AdminResults.NotFound("Model");
        }

        if (body.InputPerMillionUsd is not { } input || input < 0)
        {
            return AdminResults.Invalid("'input_per_million_usd' is required and cannot be negative.", "input_per_million_usd");
        }

        if (body.OutputPerMillionUsd is not { } output || output < 0)
        {
            return AdminResults.Invalid("'output_per_million_usd' is required and cannot be negative.", "output_per_million_usd");
        }

        var now = time.GetUtcNow();
        var effective = body.EffectiveFrom ?? now;
        if (effective < now - PastTolerance)
        {
            return AdminResults.Invalid("'effective_from' cannot be in the past: events already billed keep their price.", "effective_from");
        }

        await control.SetPriceAsync(new ModelPrice(model.Name, Money.ToMicros(input), Money.ToMicros(output), effective), context.RequestAborted);
        var current = model.Prices.At(now);
        return TypedResults.Ok(new PricingView(model.Name, current is null ? null : PriceView.From(current), model.Prices.History.Select(PriceView.From).ToList()));
    }
}
