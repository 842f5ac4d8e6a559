using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// <c>POST /v1/messages</c> as Anthropic serves it, in front of the simulated engine. The checks run in Anthropic's
/// order: the key (401; <c>x-api-key</c> or a bearer token), the <c>anthropic-version</c> header (400), the body (400/404), the key's rate limits (429
/// with <c>retry-after</c>), then the engine (injected faults; a full queue is 529 <c>overloaded_error</c>). Every
/// response carries a <c>request-id</c>; every one past the rate-limit check its <c>anthropic-ratelimit-*</c> headers.
/// </summary>
internal static class MessagesEndpoint
{
    public static void MapMessagesEndpoint(this IEndpointRouteBuilder app, NodeSimEngine engine, ILogger logger)
    {
        var limiter = new AnthropicRateLimiter(engine.Options.RequestsPerMinute, engine.Options.TokensPerMinute, engine.Time);
        app.MapPost("/v1/messages", ctx => HandleAsync(ctx, engine, limiter, logger));
    }

    private static async Task HandleAsync(HttpContext context, NodeSimEngine engine, AnthropicRateLimiter limiter, ILogger logger)
    {
        var ct = context.RequestAborted;
        var requestId = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        context.Response.Headers["request-id"] = requestId;
        var key = KeyOf(context.Request.Headers);
        if (key.Length == 0 || (engine.Options.ApiKey is { } expected && !FixedTimeEquals(key, expected)))
        {
            await AnthropicError.WriteAsync(context, StatusCodes.Status401Unauthorized, key.Length == 0 ? "x-api-key header is required" : "invalid x-api-key", requestId);
            return;
        }

        if (string.IsNullOrEmpty(context.Request.Headers["anthropic-version"]))
        {
            await AnthropicError.WriteAsync(context, StatusCodes.Status400BadRequest, "anthropic-version: header is required", requestId);
            return;
        }

        GenerationRequest request;
        GenerationPlan plan;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            request = MessagesRequestParser.Parse(doc.RootElement, engine.Options);
            plan = PlanBuilder.Build(request, engine.Options);
        }
        catch (JsonException ex)
        {
            await AnthropicError.WriteAsync(context, StatusCodes.Status400BadRequest, $"There was an issue with your request body: {ex.Message}", requestId);
            return;
        }
        catch (BadRequestException ex)
        {
            await AnthropicError.WriteAsync(context, ex.Status, ex.Message, requestId);
            return;
        }

        var limits = limiter.TryAcquire(plan.PromptTokens + plan.OutputTokens);
        WriteRateLimitHeaders(context.Response.Headers, limits);
        if (!limits.Allowed)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(limits.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await AnthropicError.WriteAsync(context, StatusCodes.Status429TooManyRequests, "This request would exceed the rate limit for your organization. Please reduce the prompt length or the maximum tokens requested, or try again later.", requestId);
            return;
        }

        var start = engine.Start(plan);
        if (start.Session is not { } session)
        {
            var status = start.Outcome == AdmissionOutcome.QueueFull ? 529 : start.FailStatus;
            if (status == StatusCodes.Status429TooManyRequests)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await AnthropicError.WriteAsync(context, status, status is 529 or 503 ? "Overloaded" : "Injected fault.", requestId);
            return;
        }

        await GenerationEndpoints.RunSessionAsync(session, logger, s => RunAsync(context, engine, logger, request, s, ct), ct);
    }

    private static async Task RunAsync(HttpContext context, NodeSimEngine engine, ILogger logger, GenerationRequest request, GenerationSession session, CancellationToken ct)
    {
        var choice = session.Plan.Choices[0];
        using var writer = new MessagesWriter(context, request, "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        if (request.Stream)
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.StartAsync(ct);
            await context.Response.BodyWriter.FlushAsync(ct);
        }

        await session.WaitAdmittedAsync(ct);
        if (request.Stream)
        {
            await writer.WriteStartAsync(ct);
        }

        Func<int, ValueTask>? writeToken = request.Stream ? token => writer.WriteTokenAsync(choice, token, ct) : null;
        if (!await GenerationEndpoints.EmitOneChoiceAsync(context, engine, logger, session, writeToken, ct))
        {
            return;
        }

        if (request.Stream)
        {
            await writer.WriteEndAsync(choice, ct);
            return;
        }

        context.Response.ContentType = "application/json";
        await writer.WriteMessageAsync(choice, ct);
    }

    private static void WriteRateLimitHeaders(IHeaderDictionary headers, RateLimitDecision limits)
    {
        // RFC 3339 to the second, rounded up: a bucket a few milliseconds short of full is not full "now".
        static string Time(DateTimeOffset at)
        {
            var ticks = at.UtcTicks + TimeSpan.TicksPerSecond - 1;
            return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        headers["anthropic-ratelimit-requests-limit"] = limits.Requests.Limit.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-requests-remaining"] = limits.Requests.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-requests-reset"] = Time(limits.Requests.Reset);
        headers["anthropic-ratelimit-tokens-limit"] = limits.Tokens.Limit.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-tokens-remaining"] = limits.Tokens.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-tokens-reset"] = Time(limits.Tokens.Reset);
    }

    /// <summary>
    /// The caller's key: <c>x-api-key</c>, or a bearer token (the official SDKs of late 2026 send their
    /// <c>ApiKey</c> as <c>Authorization: Bearer</c>, which Anthropic's API accepts).
    /// </summary>
    private static string KeyOf(IHeaderDictionary headers)
    {
        var key = headers["x-api-key"].ToString();
        var authorization = headers.Authorization.ToString();
        return key.Length > 0 ? key
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim()
            : "";
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
