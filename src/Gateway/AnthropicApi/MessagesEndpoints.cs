using System.Text.Json;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.OpenAi;
using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>Anthropic's Messages API under <c>/v1</c>, served by the chat engines through the same door as OpenAI's.</summary>
public static class MessagesEndpoints
{
    /// <summary>Maps <c>POST /v1/messages</c> and <c>POST /v1/messages/count_tokens</c>.</summary>
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1/messages");
        v1.MapPost("", (HttpContext context, InferenceHandler handler) => handler.HandleAsync(context, InferenceKind.Chat, new MessagesDialect()));
        v1.MapPost("/count_tokens", CountTokensAsync);
        return app;
    }

    /// <summary>
    /// The input tokens of a Messages request as the gateway counts them for admission: the same translation onto chat
    /// and the same estimate. It costs no rate-limit token and reaches no node.
    /// </summary>
    private static async Task CountTokensAsync(HttpContext context, BearerAuthenticator auth, ModelDirectory models, IOptions<GatewayOptions> options, ILogger<MessagesDialect> logger)
    {
        var (key, authError) = await auth.AuthenticateAsync(context, acceptApiKeyHeader: true);
        if (key is null)
        {
            GatewayLog.Refused(logger, "count_tokens", authError!.HttpStatus, authError.Code, authError.Message);
            await AnthropicErrors.WriteAsync(context, authError);
            return;
        }

        var (parsed, error) = await ReadAsync(context, options.Value.MaxBodyBytes);
        if (parsed is null)
        {
            GatewayLog.Refused(logger, "count_tokens", error!.HttpStatus, error.Code, error.Message);
            await AnthropicErrors.WriteAsync(context, error);
            return;
        }

        var model = models.Resolve(parsed.Model);
        if (model is null || !key.MayUse(model.Name))
        {
            await AnthropicErrors.WriteAsync(context, Errors.OpenAiErrors.ModelNotFound(parsed.Model));
            return;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, parsed.EstimatedPromptTokens);
        json.WriteEndObject();
    }

    private static async Task<(ParsedRequest? Parsed, GatoError? Error)> ReadAsync(HttpContext context, long maxBytes)
    {
        var (body, error) = await RequestBodyReader.ReadAsync(context.Request, maxBytes, context.RequestAborted);
        if (body is null)
        {
            return (null, error);
        }

        var chat = MessagesRequestTranslator.Translate(body, requireMaxTokens: false, out _, out error);
        if (chat is null)
        {
            return (null, error);
        }

        var parsed = InferenceRequestParser.Parse(chat, InferenceKind.Chat, out var parseError);
        return parsed is null ? (null, Errors.OpenAiErrors.InvalidRequest(parseError!.Message, parseError.Param)) : (parsed, null);
    }
}
