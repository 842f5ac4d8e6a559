namespace GatoLink.PerSilo.Scaling;

/// <summary>What a model's recommendation was computed from.</summary>
/// <param name="CurrentNodes">Nodes serving the model now (healthy, not draining).</param>
/// <param name="Running">Sequences running on those nodes (their engines' figures, cluster-wide).</param>
/// <param name="Waiting">Sequences waiting in those nodes' engines.</param>
/// <param name="KvUsage">Average KV-cache use of those nodes (0..1), or null when no node reports it.</param>
/// <param name="Queued">Requests in the model's cluster-wide wait queue.</param>
/// <param name="QueueWaitP95Seconds">p95 of the time requests spent in that queue over the last minute.</param>
public sealed record ScalingSignals(int CurrentNodes, double Running, double Waiting, double? KvUsage, int Queued, double QueueWaitP95Seconds);
