namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Every GatoLink instrument name and unit, in one place. Names follow OpenTelemetry
/// semantic-convention style (dotted, unit in <c>unit</c>, not in the name); the Prometheus
/// exporter turns <c>gatolink.gateway.request.duration</c> + <c>s</c> into
/// <c>gatolink_gateway_request_duration_seconds</c>, and adds <c>_total</c> to counters.
/// </summary>
public static class MetricNames
{
    /// <summary>Name of the one meter all GatoLink instruments live on.</summary>
    public const string MeterName = "GatoLink";

    /// <summary>Counter of finished client requests, by model and status code.</summary>
    public const string GatewayRequests = "gatolink.gateway.requests";

    /// <summary>Histogram (s): whole client request, first byte in to last byte out.</summary>
    public const string GatewayRequestDuration = "gatolink.gateway.request.duration";

    /// <summary>Histogram (s): request start to the first streamed token.</summary>
    public const string GatewayTimeToFirstToken = "gatolink.gateway.time_to_first_token";

    /// <summary>Histogram (s): gap between two streamed tokens.</summary>
    public const string GatewayInterTokenLatency = "gatolink.gateway.inter_token_latency";

    /// <summary>Histogram (s): time spent in GatoLink itself, excluding the node.</summary>
    public const string GatewayOverhead = "gatolink.gateway.overhead";

    /// <summary>Counter of prompt tokens, by model and tenant.</summary>
    public const string GatewayPromptTokens = "gatolink.gateway.tokens.prompt";

    /// <summary>Counter of completion tokens, by model and tenant.</summary>
    public const string GatewayCompletionTokens = "gatolink.gateway.tokens.completion";

    /// <summary>Counter of cost in micro-dollars (1 USD = 1,000,000), by tenant.</summary>
    public const string TenantCost = "gatolink.tenant.cost_microusd";

    /// <summary>Observable gauge (ratio 0..1+): spent / budget, by tenant.</summary>
    public const string TenantBudgetUtilization = "gatolink.tenant.budget.utilization";

    /// <summary>Counter of requests refused by a rate limit or budget, by reason.</summary>
    public const string LimitRefusals = "gatolink.limits.refusals";

    /// <summary>Up-down counter: requests waiting for admission, by model.</summary>
    public const string AdmissionQueueLength = "gatolink.admission.queue.length";

    /// <summary>Observable gauge: requests queued on the node's engine.</summary>
    public const string NodeQueueDepth = "gatolink.node.queue_depth";

    /// <summary>Observable gauge: requests running on the node's engine.</summary>
    public const string NodeRunning = "gatolink.node.running";

    /// <summary>Observable gauge (ratio 0..1): KV-cache usage of the node.</summary>
    public const string NodeKvCacheUsage = "gatolink.node.kv_cache.usage";

    /// <summary>Observable gauge: 1 when the node passes health checks, else 0.</summary>
    public const string NodeHealthy = "gatolink.node.healthy";

    /// <summary>Observable gauge: circuit breaker state, see <see cref="NodeCircuitState"/>.</summary>
    public const string NodeCircuitStateName = "gatolink.node.circuit_state";

    /// <summary>Up-down counter: usage events waiting to be written to the ledger.</summary>
    public const string LedgerBacklog = "gatolink.ledger.backlog";

    /// <summary>Counter of usage events written to the ledger.</summary>
    public const string LedgerEventsWritten = "gatolink.ledger.events_written";

    /// <summary>Counter of failed ledger writes (batches).</summary>
    public const string LedgerWriteFailures = "gatolink.ledger.write_failures";

    /// <summary>Unit: seconds.</summary>
    public const string UnitSeconds = "s";

    /// <summary>Unit: dimensionless ratio.</summary>
    public const string UnitRatio = "1";

    /// <summary>Unit: requests (annotation, dropped in Prometheus names).</summary>
    public const string UnitRequests = "{request}";

    /// <summary>Unit: tokens (annotation).</summary>
    public const string UnitTokens = "{token}";

    /// <summary>Unit: micro-dollars (annotation; the name says <c>microusd</c>).</summary>
    public const string UnitMicroUsd = "{microusd}";

    /// <summary>Unit: ledger events (annotation).</summary>
    public const string UnitEvents = "{event}";

    /// <summary>Unit: failures (annotation).</summary>
    public const string UnitFailures = "{failure}";
}
