using System.Data.Common;
using System.Text.Json;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.OpenAi;
using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Responses;
using GatoLink.PerSilo.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// OpenAI's Responses API under <c>/v1/responses</c>: created through the same door as chat (keys, limits, budgets,
/// cache, placement, failover, billing), and the tenant's stored responses read and deleted by id.
/// </summary>
public static class ResponsesEndpoints
{
    /// <summary>Maps <c>POST /v1/responses</c>, <c>GET</c> and <c>DELETE /v1/responses/{id}</c> and <c>GET /v1/responses/{id}/input_items</c>.</summary>
    public static IEndpointRouteBuilder MapResponsesApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1/responses");
        v1.MapPost("", (HttpContext context, InferenceHandler handler, IResponseStore store, TimeProvider time, IOptions<ResponsesOptions> options, ILogger<ResponsesDialect> logger) =>
            handler.HandleAsync(context, InferenceKind.Chat, new ResponsesDialect(store, time, options.Value.Retention, logger)));
        v1.MapGet("/{id}", GetAsync);
        v1.MapDelete("/{id}", DeleteAsync);
        v1.MapGet("/{id}/input_items", ListInputItemsAsync);
        return app;
    }

    /// <summary>The tenant's stored response as it was answered; 404 when it has none of that id (another tenant's included).</summary>
    private static async Task GetAsync(HttpContext context, string id, BearerAuthenticator auth, IResponseStore store, TimeProvider time, ILogger<ResponsesDialect> logger)
    {
        var key = await AuthenticateAsync(context, auth, logger, "get");
        if (key is null)
        {
            return;
        }

        if (await FindAsync(context, id, key, store, time, logger, "get") is not { } stored)
        {
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(stored.Response, context.RequestAborted);
    }

    /// <summary>
    /// The input items of the tenant's stored response, a page in OpenAI's list shape (<see cref="ResponseInputItems"/>;
    /// <c>after</c>, <c>limit</c> 1–100, <c>order</c> <c>asc</c> or <c>desc</c>); 404 when it has none of that id.
    /// </summary>
    private static async Task ListInputItemsAsync(HttpContext context, string id, BearerAuthenticator auth, IResponseStore store, TimeProvider time, ILogger<ResponsesDialect> logger)
    {
        var key = await AuthenticateAsync(context, auth, logger, "input_items");
        if (key is null)
        {
            return;
        }

        var query = context.Request.Query;
        var limit = ResponseInputItems.DefaultLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ResponseInputItems.MaxLimit))
        {
            await RefuseAsync(context, logger, "input_items", Invalid($"limit: must be an integer from 1 to {ResponseInputItems.MaxLimit}.", "limit"));
            return;
        }

        var order = query.ContainsKey("order") ? query["order"].ToString() : "desc";
        if (order is not ("asc" or "desc"))
        {
            await RefuseAsync(context, logger, "input_items", Invalid("order: must be 'asc' or 'desc'.", "order"));
            return;
        }

        if (await FindAsync(context, id, key, store, time, logger, "input_items") is not { } stored)
        {
            return;
        }

        var after = query.ContainsKey("after") ? query["after"].ToString() : null;
        if (ResponseInputItems.Page(stored.Id, stored.Conversation, after, limit, order == "asc") is not { } page)
        {
            await RefuseAsync(context, logger, "input_items", Invalid($"after: no input item of response '{id}' has the id '{after}'.", "after"));
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(page, context.RequestAborted);
    }

    /// <summary>Deletes the tenant's stored response: OpenAI's <c>{id, object: "response", deleted: true}</c>, or 404.</summary>
    private static async Task DeleteAsync(HttpContext context, string id, BearerAuthenticator auth, IResponseStore store, TimeProvider time, ILogger<ResponsesDialect> logger)
    {
        var key = await AuthenticateAsync(context, auth, logger, "delete");
        if (key is null)
        {
            return;
        }

        bool deleted;
        try
        {
            deleted = await store.DeleteAsync(key.TenantId, id, time.GetUtcNow(), context.RequestAborted);
        }
        catch (DbException ex)
        {
            await UnavailableAsync(context, logger, "delete", ex);
            return;
        }

        if (!deleted)
        {
            await RefuseAsync(context, logger, "delete", NotFound(id));
            return;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("id"u8, id);
        json.WriteString("object"u8, "response"u8);
        json.WriteBoolean("deleted"u8, true);
        json.WriteEndObject();
    }

    private static async Task<ApiKeyEntry?> AuthenticateAsync(HttpContext context, BearerAuthenticator auth, ILogger logger, string operation)
    {
        var (key, error) = await auth.AuthenticateAsync(context);
        if (key is null)
        {
            await RefuseAsync(context, logger, operation, error!);
        }

        return key;
    }

    /// <summary>The key's tenant's stored response <paramref name="id"/>, or null once the refusal (404, 503) is written.</summary>
    private static async Task<StoredResponse?> FindAsync(HttpContext context, string id, ApiKeyEntry key, IResponseStore store, TimeProvider time, ILogger logger, string operation)
    {
        StoredResponse? stored;
        try
        {
            stored = await store.FindAsync(key.TenantId, id, time.GetUtcNow(), context.RequestAborted);
        }
        catch (DbException ex)
        {
            await UnavailableAsync(context, logger, operation, ex);
            return null;
        }

        if (stored is null)
        {
            await RefuseAsync(context, logger, operation, NotFound(id));
        }

        return stored;
    }

    private static GatoError NotFound(string id) =>
        new(ErrorKind.NotFound, $"Response with id '{id}' not found.", "not_found", "response_id");

    private static GatoError Invalid(string message, string param) => new(ErrorKind.InvalidRequest, message, "invalid_request_error", param);

    private static Task UnavailableAsync(HttpContext context, ILogger logger, string operation, DbException ex)
    {
        ResponsesLog.ReadFailed(logger, operation, ex);
        return RefuseAsync(context, logger, operation, new GatoError(ErrorKind.ServiceUnavailable, "Stored responses cannot be read right now.", "store_unavailable", RetryAfterSeconds: 2));
    }

    private static Task RefuseAsync(HttpContext context, ILogger logger, string operation, GatoError error)
    {
        ResponsesLog.Refused(logger, operation, error.HttpStatus, error.Code, error.Message);
        return OpenAiErrors.WriteAsync(context, error);
    }
}
