using System.Net;
using GatoLink.Gateway.Cache;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// One attempt on one node, the forwarder: sends the request, relays the node's answer (SSE event by event, or a whole
/// JSON body), and classifies how it ended. A node that failed (connect error, 429, 5xx, time-out, a broken stream) is
/// reported to its passive health; an attempt that reached the node is accounted (<see cref="AttemptAccounting"/>)
/// before the last bytes reach the client. Before the first byte a failure is a retry for the caller; after it the
/// stream ends with an error event.
/// </summary>
public sealed class AttemptForwarder
{
    private readonly UpstreamClient _upstream;
    private readonly AttemptAccounting _accounting;
    private readonly ResponseCache _cache;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AttemptForwarder> _logger;
    private readonly INodeCredentials _credentials;

    /// <summary>Creates the forwarder.</summary>
    public AttemptForwarder(UpstreamClient upstream, AttemptAccounting accounting, ResponseCache cache, IOptions<GatewayOptions> options, TimeProvider time, ILogger<AttemptForwarder> logger,
        INodeCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _cache = cache;
        _upstream = upstream;
        _accounting = accounting;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one attempt of <paramref name="call"/> on <paramref name="node"/>, after <paramref name="queued"/> waiting for it.</summary>
    public async Task<AttemptOutcome> AttemptAsync(HttpContext context, InferenceCall call, NodeReplica node, int attempt, TimeSpan queued)
    {
        using var dispatch = node.Dispatch(call.Placement.PromptTokens, call.Placement.MaxTokens, call.Request.Choices);
        using var span = GatoLinkTracing.Source.StartActivity(SpanNames.UpstreamAttempt);
        span?.SetTag("gatolink.node", node.Id);
        span?.SetTag("gatolink.attempt", attempt);
        span?.SetTag("server.address", node.Record.BaseUrl.Authority);

        // Time spent in the silo's admission queue counts in the attempt's TTFT and duration.
        var attemptStart = _time.GetTimestamp() - (long)(queued.TotalSeconds * _time.TimestampFrequency);
        var timeout = call.Request.Stream ? _options.FirstTokenTimeout : _options.ResponseTimeout;
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeoutCts.Token);
        var protocol = NodeProtocol.For(call, node.Record, _time.GetUtcNow());
        // A node that speaks the client's protocol answers it directly: no dialect, and nothing cached (the cache holds chat).
        var result = new AttemptResult
        {
            Dispatch = dispatch,
            Capture = call.Cache.Stores && call.Request.Stream && !protocol.Native ? new CacheCapture() : null,
            Translator = !call.Request.Stream ? null : protocol.Native ? protocol.NativeStream : call.Dialect.StartStream(call),
            Protocol = protocol,
        };
        ReadOnlyMemory<byte> upstreamBody;
        try
        {
            upstreamBody = protocol.Body(call);
        }
        catch (AnthropicApi.MessagesFormatException ex)
        {
            // This node's protocol cannot carry the request (e.g. n > 1 to a Messages provider); another node may.
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, ex.Message);
            return AttemptOutcome.Retry(new GatoError(ErrorKind.InvalidRequest, ex.Message, "invalid_request_error"));
        }

        try
        {
            using var response = await _upstream.PostAsync(node.Record.BaseUrl, protocol.Path(call), upstreamBody, call.RequestId, linked.Token, NodeAuth.For(node.Record, _credentials), protocol.Header);
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
                await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
                // Stored before the client's last bytes: a client that has [DONE] finds the answer cached.
                if (end == SseEnd.Done && result.Capture is { Overflowed: false } capture)
                {
                    await StoreAsync(call, result, capture.Events);
                }

                return await SseRelay.EndAsync(context, call, result, end, _time);
            }

            var body = await ReadWholeAsync(stream, result, linked.Token);
            ReportFailureIfBroken(node, result);
            await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
            if (call.Cache.Stores && !protocol.Native && response.StatusCode == HttpStatusCode.OK && body.Length <= CacheCapture.MaxBytes)
            {
                await StoreAsync(call, result, body.ToArray());
            }

            await WriteWholeAsync(context, call, response, result, body);
            return AttemptOutcome.Done;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            result.Status = UsageStatus.ClientDisconnect;
            GatewayLog.ClientGone(_logger, call.RequestId, node.Id, result.ForwardedTokens);
            await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
            return AttemptOutcome.Done;
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested)
        {
            result.Status = UsageStatus.Timeout;
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, "timed out");
            await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
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
            await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
            return await AfterBreakAsync(context, call, node, error);
        }
    }

    /// <summary>
    /// Keeps a normally finished answer for the next identical request of the tenant, before the client's last bytes, so
    /// that a client that has its answer finds it cached (a failing shared level costs a skipped write, see
    /// <see cref="FailOpenDistributedCache"/>).
    /// </summary>
    private async Task StoreAsync(InferenceCall call, AttemptResult result, ReadOnlyMemory<byte> answer)
    {
        if (result.Status != UsageStatus.Success || !result.Usage.HasUsage)
        {
            return;
        }

        var cached = new CachedAnswer(call.Request.Stream, result.Usage.PromptTokens, result.Usage.CompletionTokens, answer);
        // Not cancellable: the node's answer is complete; storing it does not depend on the client staying.
        await _cache.StoreAsync(call.Cache, cached, CancellationToken.None);
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
            await SseRelay.WriteErrorEventAsync(context, call, error);
        }

        return AttemptOutcome.Done;
    }

    private async Task<AttemptOutcome> NodeRefusedAsync(HttpContext context, InferenceCall call, NodeReplica node, int attempt, long attemptStart, TimeSpan queued, HttpResponseMessage response, AttemptResult result, CancellationToken ct)
    {
        result.Status = UsageStatus.UpstreamError;
        var status = (int)response.StatusCode;
        // The client's own key never goes upstream: a node that refuses a key (401, 403) refuses the node's key, set by
        // the operator, which is no fault of the request. The next node in line may take it.
        var refusedKey = status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden;
        if (status == (int)HttpStatusCode.TooManyRequests || status >= 500 || refusedKey)
        {
            node.ReportFailure();
            GatewayLog.AttemptFailed(_logger, call.RequestId, attempt, node.Id, $"node answered {status}");
            await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
            return AttemptOutcome.Retry(new GatoError(ErrorKind.UpstreamError, $"The node serving '{call.Model.Name}' answered {status}.", "upstream_error"));
        }

        // Any other 4xx is about the request itself: another node would say the same. Pass it on.
        var errorBody = await response.Content.ReadAsByteArrayAsync(ct);
        await _accounting.FinishAsync(call, node, attempt, attemptStart, queued, result);
        context.Response.StatusCode = status;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        var clientBody = result.Protocol.Native ? errorBody : call.Dialect.TranslateNodeError(status, result.Protocol.NodeError(errorBody));
        await context.Response.Body.WriteAsync(clientBody, context.RequestAborted);
        return AttemptOutcome.Done;
    }

    private static void ReportFailureIfBroken(NodeReplica node, AttemptResult result)
    {
        if (result.Status == UsageStatus.UpstreamError)
        {
            node.ReportFailure();
        }
    }

    /// <summary>Reads a whole (non-streamed) answer, as chat (the node's protocol translated), and its usage; nothing is sent yet.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadWholeAsync(Stream stream, AttemptResult result, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        ReadOnlyMemory<byte> body = buffer.ToArray();
        try
        {
            body = result.Protocol.Answer(body);
        }
        catch (System.Text.Json.JsonException)
        {
            // A 200 whose body is not the protocol's answer: nothing of it can be read; billed as an upstream error.
            result.Status = UsageStatus.UpstreamError;
            return body;
        }

        try
        {
            result.Usage = result.Protocol.ReadAnswer(body.Span);
        }
        catch (System.Text.Json.JsonException)
        {
            result.Status = UsageStatus.UpstreamError;
            return body;
        }

        if (result.Usage.IsError)
        {
            result.Status = UsageStatus.UpstreamError;
        }

        return body;
    }

    private static async Task WriteWholeAsync(HttpContext context, InferenceCall call, HttpResponseMessage response, AttemptResult result, ReadOnlyMemory<byte> body)
    {
        var bytes = body;
        if (response.IsSuccessStatusCode && !result.Protocol.Native)
        {
            bytes = call.Dialect.TranslateAnswer(call, body);
            await call.Dialect.CompleteAsync(call, null);
        }
        else if (response.IsSuccessStatusCode && result.Status == UsageStatus.Success)
        {
            // The node answered in the client's protocol: nothing to translate, the answer may still be kept.
            await call.Dialect.CompleteAsync(call, null);
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
