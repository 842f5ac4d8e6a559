using System.Net;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Quotas;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// An admitted request's way after the door: placement on a node (waiting in the model's queue when every node is
/// saturated), the relay of the node's answer, failover to the next node before the first byte, one usage event per
/// attempt that reached a node, and the settlement of the reservation with what all attempts used. The HTTP handler
/// only authenticates, parses and admits; this is the one seam behind it.
/// </summary>
public sealed class RequestRunner
{
    private readonly IAdmissionController _admission;
    private readonly UpstreamClient _upstream;
    private readonly UsageRecorder _usage;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RequestRunner> _logger;
    private readonly GatewayInstruments _metrics;
    private readonly LimitInstruments _limitMetrics;
    private readonly PlacementInstruments _placementMetrics;

    /// <summary>Creates the runner.</summary>
    public RequestRunner(IAdmissionController admission, UpstreamClient upstream, UsageRecorder usage, IOptions<GatewayOptions> options, TimeProvider time, ILogger<RequestRunner> logger, GatewayInstruments metrics, LimitInstruments limitMetrics, PlacementInstruments placementMetrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _admission = admission;
        _upstream = upstream;
        _usage = usage;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _limitMetrics = limitMetrics;
        _placementMetrics = placementMetrics;
    }

    /// <summary>
    /// Runs an admitted call to its end and settles its reservation with the usage of every attempt, whatever happens.
    /// </summary>
    public async Task RunAsync(HttpContext context, InferenceCall call, AdmissionTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await RunAttemptsAsync(context, call);
        }
        finally
        {
            // Every attempt's usage is billed, so the reservation settles against their sum.
            _admission.Settle(ticket, call.Billed);
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

                _placementMetrics.Decided(call.Model.Name, call.Model.Record.Strategy, placed);
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
                return await NodeRefusedAsync(context, call, node, attempt, attemptStart, queued, response, result, linked.Token);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            // Durable before the last byte: the attempt's usage event is in the silo's spool before the client gets
            // [DONE], the closing error event, or the last bytes of a JSON body. A crash after that loses no bill.
            if (call.Request.Stream)
            {
                var end = await SseRelay.RelayAsync(context, stream, call, result, timeoutCts, linked.Token, _time);
                ReportFailureIfBroken(node, result);
                await FinishAsync(call, node, attempt, attemptStart, queued, result);
                return await SseRelay.EndAsync(context, call, result, end, _time);
            }

            using var body = await ReadWholeAsync(stream, result, linked.Token);
            ReportFailureIfBroken(node, result);
            await FinishAsync(call, node, attempt, attemptStart, queued, result);
            await WriteWholeAsync(context, response, body);
            return AttemptOutcome.Done;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            result.Status = UsageStatus.ClientDisconnect;
            GatewayLog.ClientGone(_logger, call.RequestId, node.Id, result.ForwardedTokens);
            await FinishAsync(call, node, attempt, attemptStart, queued, result);
            return AttemptOutcome.Done;
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested)
        {
            result.Status = UsageStatus.Timeout;
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, "timed out");
            await FinishAsync(call, node, attempt, attemptStart, queued, result);
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
            await FinishAsync(call, node, attempt, attemptStart, queued, result);
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

    private async Task<AttemptOutcome> NodeRefusedAsync(HttpContext context, InferenceCall call, NodeReplica node, int attempt, long attemptStart, TimeSpan queued, HttpResponseMessage response, AttemptResult result, CancellationToken ct)
    {
        result.Status = UsageStatus.UpstreamError;
        var status = (int)response.StatusCode;
        if (status == (int)HttpStatusCode.TooManyRequests || status >= 500)
        {
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, $"node answered {status}");
            await FinishAsync(call, node, attempt, attemptStart, queued, result);
            return AttemptOutcome.Retry(new GatoError(ErrorKind.UpstreamError, $"The node serving '{call.Model.Name}' answered {status}.", "upstream_error"));
        }

        // Any other 4xx is about the request itself: another node would say the same. Pass it on.
        var errorBody = await response.Content.ReadAsByteArrayAsync(ct);
        await FinishAsync(call, node, attempt, attemptStart, queued, result);
        context.Response.StatusCode = status;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await context.Response.Body.WriteAsync(errorBody, context.RequestAborted);
        return AttemptOutcome.Done;
    }

    private static void ReportFailureIfBroken(NodeReplica node, AttemptResult result)
    {
        if (result.Status == UsageStatus.UpstreamError)
        {
            node.ReportFailure();
        }
    }

    /// <summary>Reads a whole (non-streamed) answer and its usage; nothing is sent yet.</summary>
    private static async Task<MemoryStream> ReadWholeAsync(Stream stream, AttemptResult result, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        result.Usage = ChunkInspector.Inspect(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (result.Usage.IsError)
        {
            result.Status = UsageStatus.UpstreamError;
        }

        return buffer;
    }

    private static async Task WriteWholeAsync(HttpContext context, HttpResponseMessage response, MemoryStream body)
    {
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private async Task FinishAsync(InferenceCall call, NodeReplica node, int attempt, long attemptStart, TimeSpan queued, AttemptResult result)
    {
        if (result.Recorded)
        {
            // Recorded before the last bytes, which then failed (the client went away): one attempt, one event.
            return;
        }

        result.Recorded = true;
        // The node is done with the request: it no longer counts in the node's load while the usage is recorded and
        // the answer reaches the client (a slow client or a busy silo otherwise reads as a busy node).
        result.Dispatch?.Dispose();
        if (result.Status == UsageStatus.Success)
        {
            node.ReportSuccess();
        }

        var usage = await _usage.RecordAsync(call, node, attempt, attemptStart, queued, result);
        call.UpstreamTime += _time.GetElapsedTime(attemptStart);
        System.Diagnostics.Activity.Current?.SetTag("gatolink.usage_status", usage.Status.ToString());
        System.Diagnostics.Activity.Current?.SetTag("http.response.status_code", result.HttpStatus);
        if (result.FirstTokenAt != 0)
        {
            _metrics.TimeToFirstToken(call.Model.Name, _time.GetElapsedTime(call.StartedAt, result.FirstTokenAt));
            // n choices decode together: a step forwards one token of each, so the gaps are between steps.
            var steps = result.ForwardedTokens / call.Request.Choices;
            if (steps > 1 && result.LastTokenAt > result.FirstTokenAt)
            {
                _metrics.InterTokenLatency(call.Model.Name, _time.GetElapsedTime(result.FirstTokenAt, result.LastTokenAt) / (steps - 1));
            }
        }

        call.Billed.Add(new UsagePart(usage.Timestamp, usage.PromptTokens, usage.CompletionTokens, usage.CostMicros));
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
