using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Quotas;
using GatoLink.PerSilo.Placement;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// The data plane's door for an admitted request: a response-cache hit answered by <see cref="CacheReplay"/>, else the next node (placement, waiting in the model's queue when every node
/// is saturated), an attempt on it (<see cref="AttemptForwarder"/>: relay, passive health, the attempt's usage through
/// <see cref="AttemptAccounting"/>), failover to the next node before the first byte, and the settlement of the
/// reservation with what every attempt used, whatever happens. The HTTP handler only authenticates, parses and admits.
/// </summary>
public sealed class InferenceSession
{
    private readonly IAdmissionController _admission;
    private readonly AttemptForwarder _forwarder;
    private readonly CacheReplay _replay;
    private readonly GatewayOptions _options;
    private readonly ILogger<InferenceSession> _logger;
    private readonly LimitInstruments _limitMetrics;
    private readonly PlacementInstruments _placementMetrics;
    private readonly ModelQueues _queues;

    /// <summary>Creates the session runner (one per silo; the state of a request is its <see cref="InferenceCall"/>).</summary>
    public InferenceSession(IAdmissionController admission, AttemptForwarder forwarder, CacheReplay replay, IOptions<GatewayOptions> options, ILogger<InferenceSession> logger, LimitInstruments limitMetrics, PlacementInstruments placementMetrics,
        ModelQueues queues)
    {
        _queues = queues;
        ArgumentNullException.ThrowIfNull(options);
        _admission = admission;
        _forwarder = forwarder;
        _replay = replay;
        _options = options.Value;
        _logger = logger;
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
            if (call.Cache.Answer is { } cached)
            {
                // A hit: no node sees the request.
                await _replay.ServeAsync(context, call, cached);
                return;
            }

            // An interactive request counts in its model's interactive demand, which sizes the slots batch leaves free.
            using var demand = call.Model.Interactive.Track(call.Placement.QueueClaim);
            await RunAttemptsAsync(context, call);
        }
        finally
        {
            // Every attempt's usage is billed, so the reservation settles against their sum.
            _admission.Settle(ticket, call.Billed);
            if (call.QueueTurn is { } turn)
            {
                // Its tenant's share in the queue counts what it really used, not what it claimed; after the response.
                // Only a request that had a turn: one refused by the queue was never counted there.
                var work = call.PromptTokens + call.CompletionTokens;
                _limitMetrics.QueueServed(call.Model.Name, call.Placement.QueueClaim, work);
                _ = _queues.ServedAsync(call.Model.Name, turn, work);
            }
        }
    }

    private async Task RunAttemptsAsync(HttpContext context, InferenceCall call)
    {
        GatoError? lastError = null;
        // Each provider of the model's fallback chain is one more attempt beyond the own pool's.
        var attempts = _options.MaxAttempts + call.Model.Record.FallbackOrEmpty.Count;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            PlacementDecision placed;
            using (var placementSpan = GatoLinkTracing.Source.StartActivity(SpanNames.Placement))
            {
                var placing = call.Model.PlaceAsync(call.Placement, call.Tried, context.RequestAborted);
                // Not complete at once: every node is saturated and the request waits in the silo's admission queue.
                var queued = !placing.IsCompleted;
                if (queued)
                {
                    _limitMetrics.QueueJoined(call.Model.Name, call.Placement.QueueClaim);
                }

                PlacementDecision? decided = null;
                try
                {
                    placed = await placing;
                    decided = placed;
                    call.QueueTurn = placed.Turn ?? call.QueueTurn;
                }
                finally
                {
                    if (queued)
                    {
                        _limitMetrics.QueueLeft(call.Model.Name, call.Placement.QueueClaim, decided?.Waited ?? TimeSpan.Zero);
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
                lastError = placed.Outcome switch
                {
                    PlacementOutcome.Saturated or PlacementOutcome.QueueFull =>
                        new GatoError(ErrorKind.NoCapacity, $"Every node serving '{call.Model.Name}' is saturated.", "no_capacity", RetryAfterSeconds: 2),
                    PlacementOutcome.OverflowDenied => new GatoError(ErrorKind.NoCapacity,
                        $"No node of this grid can serve '{call.Model.Name}' right now, and this tenant's requests may not be sent to external providers.",
                        OverflowDeniedCode, RetryAfterSeconds: 2),
                    _ => lastError,
                };
                break;
            }

            call.Tried.Add(node.Id);
            var outcome = await _forwarder.AttemptAsync(context, call, node, attempt, placed.Waited);
            if (outcome.Finished)
            {
                return;
            }

            lastError = outcome.Error;
        }

        lastError ??= call.Model.HasNodes()
            ? new GatoError(ErrorKind.NoCapacity, $"No healthy node can serve '{call.Model.Name}' right now.", "no_capacity", RetryAfterSeconds: 1)
            : new GatoError(ErrorKind.NoCapacity, $"No node serves '{call.Model.Name}'.", "no_capacity", RetryAfterSeconds: 5);
        await RefuseAsync(context, call, lastError);
    }

    /// <summary>The error code of a request its tenant kept from external providers when the own pool could not serve it.</summary>
    public const string OverflowDeniedCode = "external_overflow_denied";

    private async Task RefuseAsync(HttpContext context, InferenceCall call, GatoError error)
    {
        GatewayLog.Refused(_logger, call.RequestId, error.HttpStatus, error.Code, error.Message);
        if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await call.Dialect.WriteErrorAsync(context, error);
        }
    }
}
