namespace GatoLink.PerSilo.Scaling;

/// <summary>
/// What one model's nodes should stay under, and the bounds of the recommendation. Defaults: 1 to 16 nodes, queue wait
/// p95 2 s, KV cache 80 %, 2 sequences waiting in each node's engine.
/// </summary>
public sealed class ScalingTargets
{
    /// <summary>Fewest nodes recommended (also when idle).</summary>
    public int MinNodes { get; set; } = 1;

    /// <summary>Most nodes recommended.</summary>
    public int MaxNodes { get; set; } = 16;

    /// <summary>The cluster-wide wait queue's p95 wait above which the model needs more nodes.</summary>
    public TimeSpan QueueWaitP95 { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Average KV-cache use of the model's nodes (0..1) above which it needs more nodes.</summary>
    public double KvUsage { get; set; } = 0.8;

    /// <summary>Sequences waiting in each node's engine, on average, above which it needs more nodes.</summary>
    public double WaitingPerNode { get; set; } = 2;
}
