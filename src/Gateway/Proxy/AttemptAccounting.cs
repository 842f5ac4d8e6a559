using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Usage;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// The bookkeeping of one attempt once its node is done with it: the node's load and passive health (a success), the
/// usage event (durable before the response's last byte), the attempt's share of the request's bill, and its metrics.
/// </summary>
public sealed class AttemptAccounting
{
    private readonly UsageRecorder _usage;
    private readonly TimeProvider _time;
    private readonly ILogger<AttemptAccounting> _logger;
    private readonly GatewayInstruments _metrics;

    /// <summary>Creates the accounting.</summary>
    public AttemptAccounting(UsageRecorder usage, TimeProvider time, ILogger<AttemptAccounting> logger, GatewayInstruments metrics)
    {
        _usage = usage;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>
    /// Records the attempt once (a second call for the same attempt does nothing): call it before the response's last
    /// bytes, so that a crash after them cannot lose the bill.
    /// </summary>
    public async Task FinishAsync(InferenceCall call, NodeReplica node, int attempt, long attemptStart, TimeSpan queued, AttemptResult result)
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
}
