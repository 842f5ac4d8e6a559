using GatoLink.Gateway.Attribution;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Cache;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Quotas;
using GatoLink.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Quotas;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// The HTTP side of an inference request: request id, tracing and metrics, authentication, reading and validating the
/// body, resolving the model and admitting it (one call to the key's grain); the rest of its way is
/// <see cref="InferenceSession"/>'s.
/// </summary>
public sealed class InferenceHandler
{
    private readonly BearerAuthenticator _auth;
    private readonly IAdmissionController _admission;
    private readonly ModelDirectory _models;
    private readonly InferenceSession _runner;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InferenceHandler> _logger;
    private readonly GatewayInstruments _metrics;
    private readonly LimitInstruments _limitMetrics;
    private readonly RequestTags _tags;
    private readonly ResponseCache _cache;
    private readonly KvSalts _salts;
    private readonly QueueClaims _claims;

    /// <summary>Creates the handler.</summary>
    public InferenceHandler(BearerAuthenticator auth, IAdmissionController admission, ModelDirectory models, InferenceSession runner, IOptions<GatewayOptions> options, TimeProvider time, ILogger<InferenceHandler> logger, GatewayInstruments metrics, LimitInstruments limitMetrics, RequestTags tags, ResponseCache cache, KvSalts salts, QueueClaims claims)
    {
        _salts = salts;
        _claims = claims;
        _cache = cache;
        _tags = tags;
        _metrics = metrics;
        _limitMetrics = limitMetrics;
        _auth = auth;
        _admission = admission;
        _models = models;
        _runner = runner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Serves one OpenAI inference request.</summary>
    public Task HandleAsync(HttpContext context, InferenceKind kind) => HandleAsync(context, kind, ClientDialect.OpenAi);

    /// <summary>
    /// Serves one inference request of a client that speaks <paramref name="dialect"/>: its body is translated into a
    /// request of <paramref name="kind"/> for the nodes, and everything after that is the same door as OpenAI's.
    /// </summary>
    public async Task HandleAsync(HttpContext context, InferenceKind kind, ClientDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var startedAt = _time.GetTimestamp();
        var requestId = "req_" + Guid.CreateVersion7(_time.GetUtcNow()).ToString("N");
        context.Response.Headers["x-request-id"] = requestId;
        using var activity = GatoLinkTracing.Source.StartActivity(SpanNames.Request);
        activity?.SetTag("gatolink.request_id", requestId);
        var outcome = new RequestOutcome();
        using (_logger.BeginScope(new RequestLogScope(requestId)))
        {
            try
            {
                await HandleCoreAsync(context, kind, dialect, requestId, startedAt, outcome);
            }
            finally
            {
                RecordRequest(context, outcome, startedAt, activity);
            }
        }
    }

    private void RecordRequest(HttpContext context, RequestOutcome outcome, long startedAt, System.Diagnostics.Activity? activity)
    {
        var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
        var model = outcome.Call?.Model.Name ?? "unknown";
        var tenant = outcome.Call?.Key.TenantId.ToString();
        var duration = _time.GetElapsedTime(startedAt);
        _metrics.RequestCompleted(model, tenant, status, duration);
        activity?.SetTag("gatolink.model", model);
        activity?.SetTag("http.response.status_code", status);
        if (outcome.Call is not { } call)
        {
            return;
        }

        activity?.SetTag("gatolink.attempts", call.Tried.Count);
        _metrics.TokensUsed(model, tenant, call.PromptTokens, call.CompletionTokens);
        _metrics.CostIncurred(tenant, call.CostMicros);
        // Time in GatoLink itself: everything but the attempts on nodes.
        var overhead = duration - call.UpstreamTime;
        _metrics.GatewayOverhead(model, overhead < TimeSpan.Zero ? TimeSpan.Zero : overhead);
    }

    private async Task HandleCoreAsync(HttpContext context, InferenceKind kind, ClientDialect dialect, string requestId, long startedAt, RequestOutcome outcome)
    {
        var (key, authError) = await _auth.AuthenticateAsync(context, dialect.AcceptsApiKeyHeader);
        if (key is null)
        {
            await RefuseAsync(context, dialect, requestId, authError!);
            return;
        }

        var (clientBody, bodyError) = await RequestBodyReader.ReadAsync(context.Request, _options.MaxBodyBytes, context.RequestAborted);
        if (clientBody is null)
        {
            await RefuseAsync(context, dialect, requestId, bodyError!);
            return;
        }

        var (body, translateError) = await dialect.TranslateRequestAsync(key, clientBody, context.RequestAborted);
        if (body is null)
        {
            await RefuseAsync(context, dialect, requestId, translateError!);
            return;
        }

        var parsed = InferenceRequestParser.Parse(body, kind, out var parseError);
        if (parsed is null)
        {
            await RefuseAsync(context, dialect, requestId, OpenAiErrors.InvalidRequest(parseError!.Message, parseError.Param));
            return;
        }

        if (kind == InferenceKind.Embedding && parsed.Stream)
        {
            await RefuseAsync(context, dialect, requestId, OpenAiErrors.InvalidRequest("Embeddings cannot be streamed.", "stream"));
            return;
        }

        var (tags, tagError) = _tags.Resolve(key, parsed, context.Request.Headers[RequestTags.Header]);
        if (tagError is not null)
        {
            await RefuseAsync(context, dialect, requestId, tagError);
            return;
        }

        var model = _models.Resolve(parsed.Model);
        if (model is null || !key.MayUse(model.Name))
        {
            // A model the key may not use is reported as missing, so keys cannot probe the registry.
            await RefuseAsync(context, dialect, requestId, OpenAiErrors.ModelNotFound(parsed.Model));
            return;
        }

        // The cache answers after authentication and before admission: a hit is admitted for a request, not for tokens.
        var cache = await _cache.LookupAsync(key, model, kind, body, context.Request.Headers[ResponseCache.Header], context.RequestAborted);
        context.Response.Headers[ResponseCache.Header] = cache.HeaderValue;
        AdmissionTicket ticket;
        using (var admissionSpan = GatoLinkTracing.Source.StartActivity(SpanNames.Admission))
        {
            ticket = cache.Answer is not null
                ? await _admission.AdmitCachedAsync(key, model, context.RequestAborted)
                : await _admission.AdmitAsync(key, model, parsed.EstimatedPromptTokens, parsed.OutputReserve(model.Record.DefaultMaxTokens), context.RequestAborted);
            admissionSpan?.SetTag("gatolink.admitted", ticket.Admitted);
            admissionSpan?.SetTag("gatolink.capped_max_tokens", ticket.CappedMaxTokens);
        }

        dialect.WriteLimitHeaders(context.Response.Headers, ticket.Headers, _time.GetUtcNow());

        if (!ticket.Admitted)
        {
            var reason = ticket.Refusal!.Kind is ErrorKind.BudgetExceeded or ErrorKind.InsufficientQuota ? RefusalReason.Budget
                : ticket.Refusal.Code == LimitRefusal.ConcurrencyCode ? RefusalReason.Concurrency
                : RefusalReason.RequestRate;
            _limitMetrics.Refused(reason, key.TenantId.ToString());
            await RefuseAsync(context, dialect, requestId, ticket.Refusal!);
            return;
        }

        var cappedPerChoice = parsed.PerChoiceCap(ticket.CappedMaxTokens);
        var maxTokens = cappedPerChoice ?? parsed.MaxTokens ?? model.Record.DefaultMaxTokens;
        var salt = _salts.For(key);
        var upstreamBody = UpstreamBody.Build(body, parsed, model.Name, cappedPerChoice, salt?.Text);
        var outputTokens = (int)Math.Min(int.MaxValue, (long)maxTokens * parsed.Choices);
        var claim = _claims.For(key, (long)parsed.EstimatedPromptTokens + outputTokens);
        var placement = new PlacementRequest(model.Name, parsed.EstimatedPromptTokens, outputTokens, body.AsMemory(parsed.PromptRange), salt?.PrefixSeed ?? 0, claim, _claims.MayOverflow(key));
        var call = new InferenceCall(requestId, kind, key, model, parsed, upstreamBody, placement, startedAt) { Tags = tags, Cache = cache, Dialect = dialect };
        outcome.Call = call;
        await _runner.RunAsync(context, call, ticket);
    }

    private async Task RefuseAsync(HttpContext context, ClientDialect dialect, string requestId, GatoError error)
    {
        GatewayLog.Refused(_logger, requestId, error.HttpStatus, error.Code, error.Message);
        if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await dialect.WriteErrorAsync(context, error);
        }
    }
}
