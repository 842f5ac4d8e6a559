namespace GatoLink.Grains.Telemetry;

/// <summary>
/// Every GatoLink instrument name and unit, in one place.
/// </summary>
/// <remarks>
/// prometheus-net's meter adapter, which serves <c>/metrics</c>, names a family <c>{meter}_{instrument}</c>
/// lower-cased with every other character as <c>_</c>, adds no unit suffix, and exports .NET counters as Prometheus
/// gauges (it cannot know that a counter is never re-created). So each instrument name here is its Prometheus name
/// without the <c>gatolink_</c> that <see cref="MeterName"/> gives, carrying the unit suffix itself
/// (<c>gateway.request.duration.seconds</c> is <c>gatolink_gateway_request_duration_seconds</c>), and counters have
/// no <c>_total</c> (a gauge must not end in it): <c>gateway.requests</c> is <c>gatolink_gateway_requests</c>, a
/// gauge that only grows while the process lives — read it with <c>rate()</c> or <c>increase()</c> as a counter.
/// Units are still set on every instrument.
/// </remarks>
public static class MetricNames
{
    /// <summary>Name of the one meter all GatoLink instruments live on.</summary>
    public const string MeterName = "GatoLink";

    /// <summary>Prefix of every GatoLink family in Prometheus (the meter name, lower-cased).</summary>
    public const string PrometheusPrefix = "gatolink_";

    /// <summary>Counter of finished client requests, by model, status code and tenant.</summary>
    public const string GatewayRequests = "gateway.requests";

    /// <summary>Histogram (s): whole client request, first byte in to last byte out.</summary>
    public const string GatewayRequestDuration = "gateway.request.duration.seconds";

    /// <summary>Histogram (s): request start to the first streamed token.</summary>
    public const string GatewayTimeToFirstToken = "gateway.time_to_first_token.seconds";

    /// <summary>Histogram (s): gap between two streamed tokens.</summary>
    public const string GatewayInterTokenLatency = "gateway.inter_token_latency.seconds";

    /// <summary>Histogram (s): time spent in GatoLink itself, excluding the node.</summary>
    public const string GatewayOverhead = "gateway.overhead.seconds";

    /// <summary>Counter of prompt tokens, by model and tenant.</summary>
    public const string GatewayPromptTokens = "gateway.tokens.prompt";

    /// <summary>Counter of completion tokens, by model and tenant.</summary>
    public const string GatewayCompletionTokens = "gateway.tokens.completion";

    /// <summary>Counter of cost in micro-dollars (1 USD = 1,000,000), by tenant.</summary>
    public const string TenantCost = "tenant.cost_microusd";

    /// <summary>Observable gauge (ratio 0..1+): spent / budget, by tenant.</summary>
    public const string TenantBudgetUtilization = "tenant.budget.utilization.ratio";

    /// <summary>Counter of presented keys refused (unknown, revoked, expired) or not looked up (address limited), by reason.</summary>
    public const string GatewayAuthFailures = "gateway.auth_failures";

    /// <summary>Counter of requests refused by a rate limit or budget, by reason and tenant.</summary>
    public const string LimitRefusals = "limits.refusals";

    /// <summary>Observable gauge: requests of this silo waiting for a node to leave saturation, by model.</summary>
    public const string AdmissionQueueLength = "admission.queue.length";

    /// <summary>Observable gauge: requests of this silo waiting in a model's queue, by model, tenant and class.</summary>
    public const string QueueTenantLength = "queue.tenant.length";

    /// <summary>Histogram (s): how long requests waited in a model's queue, by model, tenant and class.</summary>
    public const string QueueTenantWait = "queue.tenant.wait.seconds";

    /// <summary>
    /// Counter of GPU work (prompt + completion tokens) served to requests that waited in a model's queue, by model and
    /// tenant: a tenant's share at saturation is its rate over the sum of all tenants' rates.
    /// </summary>
    public const string QueueTenantServedWork = "queue.tenant.served_work";

    /// <summary>Counter of placement decisions, by model, chosen node and reason.</summary>
    public const string PlacementDecisions = "placement.decisions";

    /// <summary>Gauge: this silo's interactive requests in flight for a model, on average (the demand the batch headroom follows).</summary>
    public const string PlacementInteractiveDemand = "placement.interactive_demand";

    /// <summary>Gauge: the running slots batch leaves free on each node of a model now.</summary>
    public const string PlacementBatchHeadroom = "placement.batch_headroom";

    /// <summary>Observable gauge: requests queued on the node's engine.</summary>
    public const string NodeQueueDepth = "node.queue_depth";

    /// <summary>Observable gauge: requests running on the node's engine.</summary>
    public const string NodeRunning = "node.running";

    /// <summary>Observable gauge (ratio 0..1): KV-cache usage of the node.</summary>
    public const string NodeKvCacheUsage = "node.kv_cache.usage.ratio";

    /// <summary>Observable gauge: 1 when the node passes health checks, else 0.</summary>
    public const string NodeHealthy = "node.healthy";

    /// <summary>Observable gauge: circuit breaker state, see <see cref="NodeCircuitState"/>.</summary>
    public const string NodeCircuitStateName = "node.circuit_state";

    /// <summary>Observable gauge: requests the whole cluster has in flight to the node (its grain's view).</summary>
    public const string NodeInFlight = "node.in_flight";

    /// <summary>Observable gauge (s): age of the node grain's last load scrape.</summary>
    public const string NodeSampleAge = "node.sample_age.seconds";

    /// <summary>Observable gauge: usage events waiting to be written to the ledger.</summary>
    public const string LedgerBacklog = "ledger.backlog";

    /// <summary>Counter of usage events written to the ledger.</summary>
    public const string LedgerEventsWritten = "ledger.events_written";

    /// <summary>Counter of failed ledger writes (batches).</summary>
    public const string LedgerWriteFailures = "ledger.write_failures";

    /// <summary>Counter: spool rows that could not be read and were moved to the spool's quarantine table.</summary>
    public const string LedgerSpoolQuarantined = "ledger.spool_quarantined";

    /// <summary>Counter: usage-spool failures by reason (<c>corrupt</c>, <c>full</c>, <c>io</c>).</summary>
    public const string LedgerSpoolFailures = "ledger.spool_failures";

    /// <summary>Histogram: from the end of a request to its row in the ledger.</summary>
    public const string LedgerLag = "ledger.lag.seconds";

    /// <summary>Observable gauge: usage events durable on this silo and not yet acknowledged by the ledger.</summary>
    public const string UsageSpoolDepth = "usage.spool.depth";

    /// <summary>Observable gauge (s): age of the oldest usage event this silo has not seen in the ledger yet.</summary>
    public const string UsageStreamLag = "usage.stream.lag.seconds";

    /// <summary>Observable gauge: silos in the cluster membership as this silo sees it, by status.</summary>
    public const string ClusterSilos = "cluster.silos";

    /// <summary>Counter: response-cache lookups by result (hit, miss, bypass), model and tenant.</summary>
    public const string CacheLookups = "cache.lookups";

    /// <summary>Counter: tokens a cache hit did not send to a node (the cached answer's prompt + completion), by model and tenant.</summary>
    public const string CacheSavedTokens = "cache.saved_tokens";

    /// <summary>Counter: calls to the shared cache (Redis) that failed; the cache failed open (a miss, the request served).</summary>
    public const string CacheSharedFailures = "cache.shared_failures";

    /// <summary>Unit: cache lookups (annotation).</summary>
    public const string UnitLookups = "{lookup}";

    /// <summary>Observable gauge: nodes a model should have (the scaling signal), by model.</summary>
    public const string ModelDesiredNodes = "model.desired_nodes";

    /// <summary>Observable gauge: nodes serving a model now, by model.</summary>
    public const string ModelCurrentNodes = "model.current_nodes";

    /// <summary>Unit: nodes (annotation).</summary>
    public const string UnitNodes = "{node}";

    /// <summary>Unit: seconds.</summary>
    public const string UnitSeconds = "s";

    /// <summary>Unit: dimensionless ratio.</summary>
    public const string UnitRatio = "1";

    /// <summary>Unit: requests (annotation).</summary>
    public const string UnitRequests = "{request}";

    /// <summary>Unit of running slots on a node.</summary>
    public const string UnitSlots = "{slot}";

    /// <summary>Unit: tokens (annotation).</summary>
    public const string UnitTokens = "{token}";

    /// <summary>Unit: micro-dollars (annotation; the name says <c>microusd</c>).</summary>
    public const string UnitMicroUsd = "{microusd}";

    /// <summary>Unit: usage events (annotation).</summary>
    public const string UnitEvents = "{event}";

    /// <summary>Unit: failures (annotation).</summary>
    public const string UnitFailures = "{failure}";

    /// <summary>Unit: placement decisions (annotation).</summary>
    public const string UnitDecisions = "{decision}";

    /// <summary>Unit: silos (annotation).</summary>
    public const string UnitSilos = "{silo}";
}
