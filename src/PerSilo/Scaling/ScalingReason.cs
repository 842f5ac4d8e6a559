namespace GatoLink.PerSilo.Scaling;

/// <summary>Why a model's recommended node count is what it is.</summary>
public enum ScalingReason
{
    /// <summary>Under every target and busy: keep the nodes it has.</summary>
    Steady,

    /// <summary>The cluster-wide wait queue's p95 wait is above its target: more nodes.</summary>
    QueueWait,

    /// <summary>The nodes' KV caches are fuller than the target: more nodes.</summary>
    KvCache,

    /// <summary>The nodes' engines hold more waiting sequences than the target: more nodes.</summary>
    EngineQueue,

    /// <summary>Nothing running, waiting or queued: the minimum.</summary>
    Idle,

    /// <summary>The reading asks for fewer nodes, but a higher count asked for within the cool-down holds.</summary>
    CoolingDown,
}
