using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.Json;
using GatoLink.Gateway.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Quotas;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.OpenAi;

/// <summary>The OpenAI-compatible API under <c>/v1</c>.</summary>
public static class OpenAiEndpoints
{
    /// <summary>Maps /v1/chat/completions, /v1/completions, /v1/embeddings and /v1/models.</summary>
    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/chat/completions", (HttpContext context, InferenceHandler handler) => handler.HandleAsync(context, InferenceKind.Chat));
        v1.MapPost("/completions", (HttpContext context, InferenceHandler handler) => handler.HandleAsync(context, InferenceKind.Completion));
        v1.MapPost("/embeddings", (HttpContext context, InferenceHandler handler) => handler.HandleAsync(context, InferenceKind.Embedding));
        v1.MapGet("/models", ListModelsAsync);
        v1.MapGet("/models/{**id}", GetModelAsync);
        return app;
    }

    private static async Task ListModelsAsync(HttpContext context, BearerAuthenticator auth, ModelDirectory models, IAdmissionController admission)
    {
        var (key, error) = await auth.AuthenticateAsync(context);
        if (key is null)
        {
            await OpenAiErrors.WriteAsync(context, error!);
            return;
        }

        RateLimitHeaderWriter.Copy(context, await admission.HeadersForAsync(key, context.RequestAborted));

        var entries = models.All.Where(m => key.MayUse(m.Name)).Select(ToEntry).ToList();
        await context.Response.WriteAsJsonAsync(new ModelList("list", entries), GatewayJsonContext.Default.ModelList, cancellationToken: context.RequestAborted);
    }

    private static async Task GetModelAsync(HttpContext context, string id, BearerAuthenticator auth, ModelDirectory models, IAdmissionController admission)
    {
        var (key, error) = await auth.AuthenticateAsync(context);
        if (key is null)
        {
            await OpenAiErrors.WriteAsync(context, error!);
            return;
        }

        RateLimitHeaderWriter.Copy(context, await admission.HeadersForAsync(key, context.RequestAborted));

        var model = models.Resolve(id);
        if (model is null || !key.MayUse(model.Name))
        {
            await OpenAiErrors.WriteAsync(context, OpenAiErrors.ModelNotFound(id));
            return;
        }

        await context.Response.WriteAsJsonAsync(ToEntry(model), GatewayJsonContext.Default.ModelEntry, cancellationToken: context.RequestAborted);
    }

    private static ModelEntry ToEntry(ModelRoute model) =>
        new(model.Name, "model", model.Record.CreatedAt.ToUnixTimeSeconds(), "gatolink");
}
