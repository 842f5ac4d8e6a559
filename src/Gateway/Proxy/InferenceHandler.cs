using System.Net;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Quotas;
using GatoLink.Grains.Models;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// A request's way through the data plane: authenticate, parse, resolve the model, place it on a
/// node, relay the answer, fail over before the first byte, and record every attempt's usage.
/// </summary>
public sealed class InferenceHandler
{
    private readonly BearerAuthenticator _auth;
    private readonly IAdmissionController _admission;
    private readonly ModelDirectory _models;
    private readonly UpstreamClient _upstream;
    private readonly UsageRecorder _usage;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InferenceHandler> _logger;
    private readonly GatewayInstruments _metrics;
    private readonly LimitInstruments _limitMetrics;

    /// <summary>Creates the handler.</summary>
    public InferenceHandler(BearerAuthenticator auth, IAdmissionController admission, ModelDirectory models, UpstreamClient upstream, UsageRecorder usage, IOptions<GatewayOptions> options, TimeProvider time, ILogger<InferenceHandler> logger, GatewayInstruments metrics, LimitInstruments limitMetrics)
    {
        _metrics = metrics;
        _limitMetrics = limitMetrics;
        _auth = auth;
        _admission = admission;
        _models = models;
        _upstream = upstream;
        _usage = usage;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Serves one OpenAI inference request.</summary>
    public async Task HandleAsync(HttpContext context, InferenceKind kind)
    {
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
                await HandleCoreAsync(context, kind, requestId, startedAt, outcome);
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

    private async Task HandleCoreAsync(HttpContext context, InferenceKind kind, string requestId, long startedAt, RequestOutcome outcome)
    {
        var (key, authError) = await _auth.AuthenticateAsync(context);
        if (key is null)
        {
            await RefuseAsync(context, requestId, authError!);
            return;
        }

        var (body, bodyError) = await RequestBodyReader.ReadAsync(context.Request, _options.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await RefuseAsync(context, requestId, bodyError!);
            return;
        }

        var parsed = InferenceRequestParser.Parse(body, kind, out var parseError);
        if (parsed is null)
        {
            await RefuseAsync(context, requestId, OpenAiErrors.InvalidRequest(parseError!.Message, parseError.Param));
            return;
        }

        if (kind == InferenceKind.Embedding && parsed.Stream)
        {
            await RefuseAsync(context, requestId, OpenAiErrors.InvalidRequest("Embeddings cannot be streamed.", "stream"));
            return;
        }

        var model = _models.Resolve(parsed.Model);
        if (model is null || !key.MayUse(model.Name))
        {
            // A model the key may not use is reported as missing, so keys cannot probe the registry.
            await RefuseAsync(context, requestId, OpenAiErrors.ModelNotFound(parsed.Model));
            return;
        }

        AdmissionTicket ticket;
        using (var admissionSpan = GatoLinkTracing.Source.StartActivity(SpanNames.Admission))
        {
            ticket = await _admission.AdmitAsync(key, model, parsed.EstimatedPromptTokens, parsed.MaxTokens, context.RequestAborted);
            admissionSpan?.SetTag("gatolink.admitted", ticket.Admitted);
            admissionSpan?.SetTag("gatolink.capped_max_tokens", ticket.CappedMaxTokens);
        }

        foreach (var (name, value) in ticket.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!ticket.Admitted)
        {
            _limitMetrics.Refused(ticket.Refusal!.Kind == ErrorKind.BudgetExceeded ? RefusalReason.Budget : RefusalReason.RequestRate, key.TenantId.ToString());
            await RefuseAsync(context, requestId, ticket.Refusal!);
            return;
        }

        var call = default(InferenceCall);
        try
        {
            var maxTokens = ticket.CappedMaxTokens ?? parsed.MaxTokens ?? model.Record.DefaultMaxTokens;
            var upstreamBody = UpstreamBody.Build(body, parsed, model.Name, ticket.CappedMaxTokens);
            var placement = new PlacementRequest(model.Name, parsed.EstimatedPromptTokens, maxTokens, body.AsMemory(parsed.PromptRange));
            call = new InferenceCall(requestId, kind, key, model, parsed, upstreamBody, placement, startedAt);
            outcome.Call = call;
            await RunAttemptsAsync(context, call);
        }
        finally
        {
            // Every attempt's usage is billed, so the reservation settles against their sum.
            _admission.Settle(ticket, call?.PromptTokens ?? 0, call?.CompletionTokens ?? 0, call?.CostMicros ?? 0);
        }
    }

    private async Task RunAttemptsAsync(HttpContext context, InferenceCall call)
    {
        GatoError? lastError = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            PlacementDecision placed;
            using (var placementSpan = GatoLinkTracing.Source.StartActivity(SpanNames.Placement))
            {
                var placing = call.Model.PlaceAsync(call.Placement, call.Tried, context.RequestAborted);
                // Not complete at once: every node is saturated and the request waits in the silo's admission queue.
                var queued = !placing.IsCompleted;
                if (queued)
                {
                    _limitMetrics.AdmissionEnqueued(call.Model.Name);
                }

                try
                {
                    placed = await placing;
                }
                finally
                {
                    if (queued)
                    {
                        _limitMetrics.AdmissionDequeued(call.Model.Name);
                    }
                }

                placementSpan?.SetTag("gatolink.strategy", call.Model.Record.Strategy.ToString());
                placementSpan?.SetTag("gatolink.node", placed.Node?.Id);
                placementSpan?.SetTag("gatolink.excluded", call.Tried.Count);
                placementSpan?.SetTag("gatolink.queued_ms", placed.Waited.TotalMilliseconds);
            }

            if (placed.Node is not { } node)
            {
                lastError = placed.Outcome is PlacementOutcome.Saturated or PlacementOutcome.QueueFull
                    ? new GatoError(ErrorKind.NoCapacity, $"Every node serving '{call.Model.Name}' is saturated.", "no_capacity", RetryAfterSeconds: 2)
                    : lastError;
                break;
            }

            call.Tried.Add(node.Id);
            var outcome = await AttemptAsync(context, call, node, attempt, placed.Waited);
            if (outcome.Finished)
            {
                return;
            }

            lastError = outcome.Error;
        }

        lastError ??= call.Model.HasNodes()
            ? new GatoError(ErrorKind.NoCapacity, $"No healthy node can serve '{call.Model.Name}' right now.", "no_capacity", RetryAfterSeconds: 1)
            : new GatoError(ErrorKind.NoCapacity, $"No node serves '{call.Model.Name}'.", "no_capacity", RetryAfterSeconds: 5);
        await RefuseAsync(context, call.RequestId, lastError);
    }

    private async Task<AttemptOutcome> AttemptAsync(HttpContext context, InferenceCall call, NodeReplica node, int attempt, TimeSpan queued)
    {
        using var dispatch = node.Dispatch(call.Placement.PromptTokens, call.Placement.MaxTokens);
        using var span = GatoLinkTracing.Source.StartActivity(SpanNames.UpstreamAttempt);
        span?.SetTag("gatolink.node", node.Id);
        span?.SetTag("gatolink.attempt", attempt);
        span?.SetTag("server.address", node.Record.BaseUrl.Authority);

        // Time spent in the silo's admission queue counts in the attempt's TTFT and duration.
        var attemptStart = _time.GetTimestamp() - (long)(queued.TotalSeconds * _time.TimestampFrequency);
        var timeout = call.Request.Stream ? _options.FirstTokenTimeout : _options.ResponseTimeout;
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeoutCts.Token);
        var result = new AttemptResult { Dispatch = dispatch };
        try
        {
            using var response = await _upstream.PostAsync(node.Record.BaseUrl, call.UpstreamPath, call.UpstreamBody, call.RequestId, linked.Token);
            result.HttpStatus = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return await NodeRefusedAsync(context, call, node, attempt, attemptStart, response, result, linked.Token);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            AttemptOutcome outcome;
            if (call.Request.Stream)
            {
                outcome = await SseRelay.RelayAsync(context, stream, call, result, timeoutCts, linked.Token, _time);
            }
            else
            {
                outcome = await RelayWholeAsync(context, response, stream, result, linked.Token);
            }

            if (result.Status == UsageStatus.UpstreamError)
            {
                node.ReportFailure();
            }

            Finish(call, node, attempt, attemptStart, result);
            return outcome;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            result.Status = UsageStatus.ClientDisconnect;
            GatewayLog.ClientGone(_logger, call.RequestId, node.Id, result.ForwardedTokens);
            Finish(call, node, attempt, attemptStart, result);
            return AttemptOutcome.Done;
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested)
        {
            result.Status = UsageStatus.Timeout;
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, "timed out");
            Finish(call, node, attempt, attemptStart, result);
            var error = new GatoError(ErrorKind.UpstreamTimeout, $"The node serving '{call.Model.Name}' did not answer in time.", "upstream_timeout");
            return await AfterBreakAsync(context, call, node, error);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, ex.Message);
            var error = new GatoError(ErrorKind.UpstreamError, $"The node serving '{call.Model.Name}' failed.", "upstream_error");
            if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } && result.HttpStatus == 0)
            {
                // Never reached the node: nothing to bill.
                return AttemptOutcome.Retry(error);
            }

            result.Status = UsageStatus.UpstreamError;
            Finish(call, node, attempt, attemptStart, result);
            return await AfterBreakAsync(context, call, node, error);
        }
    }

    private async Task<AttemptOutcome> AfterBreakAsync(HttpContext context, InferenceCall call, NodeReplica node, GatoError error)
    {
        if (!context.Response.HasStarted)
        {
            return AttemptOutcome.Retry(error);
        }

        // Past the first byte the request cannot move: end the stream with an error event.
        GatewayLog.StreamBroke(_logger, call.RequestId, node.Id, error.Message);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            await SseRelay.WriteErrorEventAsync(context, error);
        }

        return AttemptOutcome.Done;
    }

    private async Task<AttemptOutcome> NodeRefusedAsync(HttpContext context, InferenceCall call, NodeReplica node, int attempt, long attemptStart, HttpResponseMessage response, AttemptResult result, CancellationToken ct)
    {
        result.Status = UsageStatus.UpstreamError;
        var status = (int)response.StatusCode;
        if (status == (int)HttpStatusCode.TooManyRequests || status >= 500)
        {
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, $"node answered {status}");
            Finish(call, node, attempt, attemptStart, result);
            return AttemptOutcome.Retry(new GatoError(ErrorKind.UpstreamError, $"The node serving '{call.Model.Name}' answered {status}.", "upstream_error"));
        }

        // Any other 4xx is about the request itself: another node would say the same. Pass it on.
        var errorBody = await response.Content.ReadAsByteArrayAsync(ct);
        Finish(call, node, attempt, attemptStart, result);
        context.Response.StatusCode = status;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await context.Response.Body.WriteAsync(errorBody, context.RequestAborted);
        return AttemptOutcome.Done;
    }

    private static async Task<AttemptOutcome> RelayWholeAsync(HttpContext context, HttpResponseMessage response, Stream stream, AttemptResult result, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        result.Usage = ChunkInspector.Inspect(bytes.Span);
        if (result.Usage.IsError)
        {
            result.Status = UsageStatus.UpstreamError;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        return AttemptOutcome.Done;
    }

    private void Finish(InferenceCall call, NodeReplica node, int attempt, long attemptStart, AttemptResult result)
    {
        if (result.Status == UsageStatus.Success)
        {
            node.ReportSuccess();
        }

        var usage = _usage.Record(call, node, attempt, attemptStart, result);
        call.UpstreamTime += _time.GetElapsedTime(attemptStart);
        System.Diagnostics.Activity.Current?.SetTag("gatolink.usage_status", usage.Status.ToString());
        System.Diagnostics.Activity.Current?.SetTag("http.response.status_code", result.HttpStatus);
        if (result.FirstTokenAt != 0)
        {
            _metrics.TimeToFirstToken(call.Model.Name, _time.GetElapsedTime(call.StartedAt, result.FirstTokenAt));
            if (result.ForwardedTokens > 1 && result.LastTokenAt > result.FirstTokenAt)
            {
                _metrics.InterTokenLatency(call.Model.Name, _time.GetElapsedTime(result.FirstTokenAt, result.LastTokenAt) / (result.ForwardedTokens - 1));
            }
        }

        call.PromptTokens += usage.PromptTokens;
        call.CompletionTokens += usage.CompletionTokens;
        call.CostMicros += usage.CostMicros;
        GatewayLog.Completed(_logger, call.RequestId, call.Key.Id, call.Model.Name, node.Id, attempt, usage.Status.ToString(), usage.PromptTokens, usage.CompletionTokens);
    }

    private async Task RefuseAsync(HttpContext context, string requestId, GatoError error)
    {
        GatewayLog.Refused(_logger, requestId, error.HttpStatus, error.Code, error.Message);
        if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await OpenAiErrors.WriteAsync(context, error);
        }
    }
}
