using System.Buffers;
using GatoLink.Gateway.Cache;
using GatoLink.Grains.Abstractions.Quotas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// Answers a request from the response cache: its ledger row (<c>cache_hit</c>, no node tokens, the cache price),
/// durable before the last byte as for any attempt, then the cached answer: a whole JSON body, or the stream's events
/// replayed as SSE in OpenAI's chunk shape (the usage chunk only when the client asked for it) and <c>[DONE]</c>, under
/// a fresh id (<see cref="ReplayId"/>).
/// </summary>
public sealed class CacheReplay
{
    private readonly UsageRecorder _usage;
    private readonly ILogger<CacheReplay> _logger;

    /// <summary>Creates the replay.</summary>
    public CacheReplay(UsageRecorder usage, ILogger<CacheReplay> logger)
    {
        _usage = usage;
        _logger = logger;
    }

    /// <summary>Records and sends the hit of <paramref name="call"/>.</summary>
    public async Task ServeAsync(HttpContext context, InferenceCall call, CachedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(answer);
        var usage = await _usage.RecordHitAsync(call, answer);
        call.Billed.Add(new UsagePart(usage.Timestamp, usage.PromptTokens, usage.CompletionTokens, usage.CostMicros));
        GatewayLog.Completed(_logger, call.RequestId, call.Key.Id, call.Model.Name, usage.NodeId, 0, "cache_hit", answer.PromptTokens, answer.CompletionTokens);
        var body = ReplayId.Fresh(answer.Body, answer.Streamed);
        if (!answer.Streamed)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            var whole = call.Dialect.TranslateAnswer(call, body);
            await call.Dialect.CompleteAsync(call, null);
            context.Response.ContentLength = whole.Length;
            await context.Response.Body.WriteAsync(whole, context.RequestAborted);
            return;
        }

        SseRelay.Commit(context, call.RequestId);
        var translator = call.Dialect.StartStream(call);
        var events = new ReadOnlySequence<byte>(body);
        while (SseEvents.TryRead(ref events, true, out var evt))
        {
            var payload = evt.FirstSpan; // one segment: the events come from one array
            if (IsUnwantedUsage(payload, call.Request.ClientWantsUsage))
            {
                continue;
            }

            if (translator is not null)
            {
                translator.Translate(payload, context.Response.BodyWriter);
            }
            else
            {
                SseRelay.Write(context.Response.BodyWriter, payload);
            }
        }

        await call.Dialect.CompleteAsync(call, translator);
        ClientDialect.WriteEnd(translator, context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The usage-only chunk the gateway asked the node for on the first client's behalf, which this client did not ask for.</summary>
    private static bool IsUnwantedUsage(ReadOnlySpan<byte> evt, bool clientWantsUsage)
    {
        if (clientWantsUsage || !SseEvents.TryGetData(evt, out var data, out var joined))
        {
            return false;
        }

        try
        {
            var info = ChunkInspector.Inspect(data);
            return info.HasUsage && !info.HasChoices;
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }
    }
}
