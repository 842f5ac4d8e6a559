using GatoLink.Gateway.Cache;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Gateway.Proxy;

/// <summary>Turns an attempt's outcome into its usage event, priced at the moment it ended.</summary>
public sealed class UsageRecorder
{
    private readonly IUsageSink _sink;
    private readonly TimeProvider _time;
    private readonly string _siloId;
    private readonly TenantPrices _prices;

    /// <summary>Creates the recorder.</summary>
    public UsageRecorder(IUsageSink sink, TimeProvider time, IOptions<GatewayOptions> options, TenantPrices prices)
    {
        _prices = prices;
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
        // The tenant's plan may price the model itself: the row carries what the tenant is billed.
        var price = _prices.At(call.Key.TenantId, call.Model, now);
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

    /// <summary>
    /// Publishes the event of an answer from the response cache (durable on this silo when it returns): a ledger row with
    /// <c>cache_hit</c>, node <see cref="CacheNodeId"/>, no node tokens (a hit counts against rpm, not tpm or token
    /// budgets), billed at the model's cache price per hit (<see cref="Grains.Abstractions.Model.ModelPrice.CacheHitMicros"/>,
    /// default 0, also under a plan that prices the model's tokens itself). What it saved is the answer's tokens at the
    /// tenant's token prices (its plan's, else the model's), less what the hit was billed.
    /// </summary>
    public async ValueTask<UsageEvent> RecordHitAsync(InferenceCall call, CachedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(answer);
        var now = _time.GetUtcNow();
        var price = _prices.At(call.Key.TenantId, call.Model, now);
        var billed = price?.CacheHitMicros ?? 0;
        var avoided = price?.CostMicros(answer.PromptTokens, answer.CompletionTokens) ?? 0;
        var usage = new UsageEvent(
            EventId: Guid.CreateVersion7(now),
            RequestId: call.RequestId,
            Attempt: 1,
            TenantId: call.Key.TenantId,
            ApiKeyId: call.Key.Id,
            Model: call.Model.Name,
            NodeId: CacheNodeId,
            PromptTokens: 0,
            CompletionTokens: 0,
            CostMicros: billed,
            Status: UsageStatus.Success,
            HttpStatus: 200,
            TimeToFirstTokenMs: null,
            DurationMs: _time.GetElapsedTime(call.StartedAt).TotalMilliseconds,
            SiloId: _siloId,
            Timestamp: now,
            CacheHit: true,
            Tags: call.Tags,
            SavedTokens: (long)answer.PromptTokens + answer.CompletionTokens,
            SavedCostMicros: Math.Max(0, avoided - billed));
        await _sink.PublishAsync(usage, CancellationToken.None);
        return usage;
    }

    /// <summary>The node id of a ledger row answered by the response cache.</summary>
    public const string CacheNodeId = "cache";
}
