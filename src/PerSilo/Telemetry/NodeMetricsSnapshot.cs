namespace GatoLink.PerSilo.Telemetry;

/// <summary>What the silo last knew about one node (from the node's <c>GpuNodeGrain</c>), read at scrape time.</summary>
/// <param name="NodeId">Node id (the <c>node</c> label).</param>
/// <param name="QueueDepth">Requests waiting in the engine.</param>
/// <param name="Running">Requests running in the engine.</param>
/// <param name="KvCacheUsage">KV-cache usage, 0..1.</param>
/// <param name="Healthy">Passes health checks.</param>
/// <param name="CircuitState">Circuit breaker state.</param>
/// <param name="ClusterInFlight">Requests the whole cluster has in flight to the node (other silos' as of the grain's last answer).</param>
/// <param name="SampleAge">Age of the grain's last scrape of the node; null when it has none.</param>
public sealed record NodeMetricsSnapshot(
    string NodeId,
    int QueueDepth,
    int Running,
    double KvCacheUsage,
    bool Healthy,
    NodeCircuitState CircuitState,
    int ClusterInFlight = 0,
    TimeSpan? SampleAge = null);
