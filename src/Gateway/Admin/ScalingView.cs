using GatoLink.PerSilo.Scaling;

namespace GatoLink.Gateway.Admin;

/// <summary>A model's scaling recommendation as the admin API shows it (durations in seconds).</summary>
public sealed record ScalingView(
    string Model,
    int CurrentNodes,
    int DesiredNodes,
    ScalingReason Reason,
    string Why,
    int ReadingDesired,
    ScalingReason ReadingReason,
    ScalingSignals Signals,
    ScalingTargetsView Targets,
    double CoolDownSeconds,
    DateTimeOffset ComputedAt,
    DateTimeOffset ChangedAt)
{
    /// <summary>Maps a recommendation.</summary>
    public static ScalingView From(ModelScaling s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var targets = new ScalingTargetsView(s.Targets.MinNodes, s.Targets.MaxNodes, s.Targets.QueueWaitP95.TotalSeconds, s.Targets.KvUsage, s.Targets.WaitingPerNode);
        return new ScalingView(s.Model, s.CurrentNodes, s.DesiredNodes, s.Reason, Explain(s), s.ReadingDesired, s.ReadingReason, s.Signals, targets, s.CoolDown.TotalSeconds, s.ComputedAt, s.ChangedAt);
    }

    private static string Explain(ModelScaling s) => s.Reason switch
    {
        ScalingReason.QueueWait => $"queue wait p95 {s.Signals.QueueWaitP95Seconds:0.##} s above the target {s.Targets.QueueWaitP95.TotalSeconds:0.##} s",
        ScalingReason.KvCache => $"KV cache use {s.Signals.KvUsage:P0} above the target {s.Targets.KvUsage:P0}",
        ScalingReason.EngineQueue => $"{s.Signals.Waiting:0.#} sequences waiting on {s.CurrentNodes} node(s), above the target {s.Targets.WaitingPerNode:0.#} per node",
        ScalingReason.Idle => "idle: nothing running, waiting or queued",
        ScalingReason.CoolingDown => $"held at {s.DesiredNodes} until the cool-down ({s.CoolDown.TotalSeconds:0} s) passes since it was last needed; the reading alone asks for {s.ReadingDesired} ({s.ReadingReason})",
        _ => "within every target",
    };
}

/// <summary>A model's targets (durations in seconds).</summary>
public sealed record ScalingTargetsView(int MinNodes, int MaxNodes, double QueueWaitP95Seconds, double KvUsage, double WaitingPerNode);
