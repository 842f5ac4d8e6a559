using System.Buffers;
using System.IO.Pipelines;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// Forwards a node's SSE stream event by event, flushing each, while reading usage and counting
/// forwarded tokens. Nothing reaches the client until the node's first event, so a node that
/// fails before it can be swapped for another.
/// </summary>
public static class SseRelay
{
    /// <summary>The stream's last event.</summary>
    internal static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>
    /// Relays the stream up to, not including, its last bytes: the caller records the attempt's usage durably, then
    /// calls <see cref="EndAsync"/> to send <c>[DONE]</c> (or the closing error event).
    /// </summary>
    /// <param name="context">The client's request.</param>
    /// <param name="upstream">The node's body.</param>
    /// <param name="call">The request.</param>
    /// <param name="result">Filled with usage, tokens, first-token time and status.</param>
    /// <param name="firstTokenTimeout">Cancelled when no first event came in time; disarmed after it.</param>
    /// <param name="token">Client abort + first-token timeout.</param>
    /// <param name="time">Clock.</param>
    public static async Task<SseEnd> RelayAsync(
        HttpContext context,
        Stream upstream,
        InferenceCall call,
        AttemptResult result,
        CancellationTokenSource firstTokenTimeout,
        CancellationToken token,
        TimeProvider time)
    {
        var reader = PipeReader.Create(upstream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        var sawDone = false;
        ArrayBufferWriter<byte>? scratch = null;
        try
        {
            while (!sawDone)
            {
                var read = await reader.ReadAsync(token);
                var buffer = read.Buffer;
                var wrote = false;
                while (SseEvents.TryRead(ref buffer, read.IsCompleted, out var evt))
                {
                    var action = result.Protocol.TranslatesEvents
                        ? ProcessTranslated(context, evt, call, result, firstTokenTimeout, time, scratch ??= new ArrayBufferWriter<byte>(1024))
                        : Process(context, evt, call, result, firstTokenTimeout, time);
                    if (action == EventAction.Done)
                    {
                        sawDone = true;
                        break;
                    }

                    wrote |= action == EventAction.Forward;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (wrote)
                {
                    // One flush per read: events that arrived together leave together, none waits.
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
                }

                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }

        if (sawDone)
        {
            return SseEnd.Done;
        }

        // The node closed the stream without [DONE]: it broke.
        result.Status = UsageStatus.UpstreamError;
        return result.FirstTokenAt != 0 ? SseEnd.BrokeAfterFirstByte : SseEnd.BrokeBeforeFirstByte;
    }

    /// <summary>Sends the stream's last bytes (after its usage is durable); Retry only when nothing was sent yet.</summary>
    public static async Task<AttemptOutcome> EndAsync(HttpContext context, InferenceCall call, AttemptResult result, SseEnd end, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(time);
        if (end == SseEnd.Done)
        {
            if (result.FirstTokenAt == 0)
            {
                result.FirstTokenAt = time.GetTimestamp();
                Commit(context, call.RequestId);
            }

            if (result.Protocol.Native)
            {
                context.Response.BodyWriter.Write(result.Protocol.NativeEnd.Span);
            }
            else
            {
                if (result.Status == UsageStatus.Success)
                {
                    // A stream whose node reported an error in a chunk ended, but with no answer to keep.
                    await call.Dialect.CompleteAsync(call, result.Translator);
                }

                ClientDialect.WriteEnd(result.Translator, context.Response.BodyWriter);
            }

            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            return AttemptOutcome.Done;
        }

        var error = new GatoError(ErrorKind.UpstreamError, $"The node serving '{call.Model.Name}' ended the stream early.", "upstream_error");
        if (end == SseEnd.BrokeBeforeFirstByte)
        {
            return AttemptOutcome.Retry(error);
        }

        await WriteErrorEventAsync(context, call, error);
        return AttemptOutcome.Done;
    }

    /// <summary>Ends a committed stream with an error event in the client's shape.</summary>
    public static async Task WriteErrorEventAsync(HttpContext context, InferenceCall call, GatoError error)
    {
        ArgumentNullException.ThrowIfNull(call);
        await context.Response.BodyWriter.WriteAsync(call.Dialect.ErrorEvent(error), context.RequestAborted);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Commits the response to a stream: status 200 and the SSE headers, unbuffered.</summary>
    internal static void Commit(HttpContext context, string requestId)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["x-request-id"] = requestId;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>
    /// A node event of another protocol: translated into chat events first (<see cref="NodeProtocol.TranslateEvent"/>),
    /// each then read and forwarded as a chat node's would be. Forward when any was, Done when one ends the stream.
    /// </summary>
    private static EventAction ProcessTranslated(HttpContext context, ReadOnlySequence<byte> evt, InferenceCall call, AttemptResult result, CancellationTokenSource firstTokenTimeout, TimeProvider time, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        var payload = ToSpanOrCopy(evt, out var rented);
        try
        {
            result.Protocol.TranslateEvent(payload, scratch);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        var chat = new ReadOnlySequence<byte>(scratch.WrittenMemory);
        var outcome = EventAction.Suppress;
        while (SseEvents.TryRead(ref chat, true, out var chatEvent))
        {
            var action = Process(context, chatEvent, call, result, firstTokenTimeout, time);
            if (action == EventAction.Done)
            {
                return action;
            }

            outcome = action == EventAction.Forward ? action : outcome;
        }

        return outcome;
    }

    private static EventAction Process(HttpContext context, ReadOnlySequence<byte> evt, InferenceCall call, AttemptResult result, CancellationTokenSource firstTokenTimeout, TimeProvider time)
    {
        var payload = ToSpanOrCopy(evt, out var rented);
        try
        {
            var action = StreamEventReader.Classify(payload, call, result);
            if (result.ForwardedTokens > 0)
            {
                result.LastTokenAt = time.GetTimestamp();
            }

            if (action == EventAction.Done)
            {
                return action;
            }

            // The cache keeps every event, the usage chunk too: a replay shows it when its client asked for usage.
            result.Capture?.Add(payload);

            if (action == EventAction.Forward && result.FirstTokenAt == 0)
            {
                firstTokenTimeout.CancelAfter(Timeout.InfiniteTimeSpan);
                result.FirstTokenAt = time.GetTimestamp();
                result.Dispatch?.FirstToken();
                Commit(context, call.RequestId);
            }

            if (action == EventAction.Forward)
            {
                if (result.Translator is { } translator)
                {
                    translator.Translate(payload, context.Response.BodyWriter);
                }
                else
                {
                    Write(context.Response.BodyWriter, payload);
                }
            }

            return action;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes one event and the blank line that ends it.</summary>
    internal static void Write(PipeWriter writer, ReadOnlySpan<byte> evt)
    {
        var span = writer.GetSpan(evt.Length + 2);
        evt.CopyTo(span);
        span[evt.Length] = (byte)'\n';
        span[evt.Length + 1] = (byte)'\n';
        writer.Advance(evt.Length + 2);
    }

    private static ReadOnlySpan<byte> ToSpanOrCopy(ReadOnlySequence<byte> evt, out byte[]? rented)
    {
        if (evt.IsSingleSegment)
        {
            rented = null;
            return evt.FirstSpan;
        }

        rented = ArrayPool<byte>.Shared.Rent((int)evt.Length);
        evt.CopyTo(rented);
        return rented.AsSpan(0, (int)evt.Length);
    }
}
