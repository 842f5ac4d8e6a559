using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Grains.Nodes;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Proxy;

/// <summary>Turns an attempt's outcome into its usage event, priced at the moment it ended.</summary>
public sealed class UsageRecorder
{
    private readonly IUsageSink _sink;
    private readonly TimeProvider _time;
    private readonly string _siloId;

    /// <summary>Creates the recorder.</summary>
    public UsageRecorder(IUsageSink sink, TimeProvider time, IOptions<GatewayOptions> options)
    {
        _sink = sink;
        _time = time;
        _siloId = options.Value.SiloId;
    }

    /// <summary>
    /// Publishes the event of one attempt and returns it once it is durable on this silo (in the spool): the caller
    /// sends the response's last bytes only after that, so a crash can no longer lose a response the client got.
    /// </summary>
    public async ValueTask<UsageEvent> RecordAsync(InferenceCall call, NodeReplica node, int attempt, long attemptStartedAt, TimeSpan queued, AttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(result);
        var now = _time.GetUtcNow();
        var end = _time.GetTimestamp();
        var reported = result.Usage;
        var prompt = reported.HasUsage ? reported.PromptTokens : call.Placement.PromptTokens;

        // The node's count when it gave the request's usage: a stream's include_usage chunk (no choices) or a whole
        // JSON response. A broken stream may have shown only continuous_usage_stats, which count one choice each;
        // then what was forwarded in every choice is billed.
        var completion = !reported.HasUsage ? result.ForwardedTokens
            : reported.HasChoices && call.Request.Stream ? Math.Max(reported.CompletionTokens, result.ForwardedTokens)
            : reported.CompletionTokens;
        var price = call.Model.Prices.At(now);
        var gpuMs = result.Dispatch?.StopGpuClock() ?? 0;
        var usage = new UsageEvent(
            EventId: Guid.CreateVersion7(now),
            RequestId: call.RequestId,
            Attempt: attempt,
            TenantId: call.Key.TenantId,
            ApiKeyId: call.Key.Id,
            Model: call.Model.Name,
            NodeId: node.Id,
            PromptTokens: prompt,
            CompletionTokens: completion,
            CostMicros: price?.CostMicros(prompt, completion) ?? 0,
            Status: result.Status,
            HttpStatus: result.HttpStatus,
            TimeToFirstTokenMs: result.FirstTokenAt == 0 ? null : _time.GetElapsedTime(attemptStartedAt, result.FirstTokenAt).TotalMilliseconds,
            DurationMs: _time.GetElapsedTime(attemptStartedAt, end).TotalMilliseconds,
            SiloId: _siloId,
            Timestamp: now,
            CacheHit: false,
            QueuedMs: queued.TotalMilliseconds,
            Tags: call.Tags,
            GpuMs: gpuMs,
            GpuCostMicros: GpuCost.Micros(gpuMs, node.Record.GpuHourPriceMicros));
        // Not cancellable: accounting finishes even when the client has gone.
        await _sink.PublishAsync(usage, CancellationToken.None);
        return usage;
    }
}
