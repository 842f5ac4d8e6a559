namespace GatoLink.PerSilo.Scaling;

/// <summary>
/// The raw recommendation from one reading: the signal furthest over its target decides, and the node count grows in
/// proportion (at least by one) — the rule Kubernetes' HPA applies to a metric and its target; idle goes to the
/// minimum; otherwise the nodes stay. Always within the targets' bounds. <see cref="ScalingStabilizer"/> adds the
/// cool-down.
/// </summary>
public static class ScalingAdvisor
{
    /// <summary>The recommended node count and why.</summary>
    public static (int Desired, ScalingReason Reason) Recommend(ScalingSignals signals, ScalingTargets targets)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(targets);
        var current = signals.CurrentNodes;
        if (signals.Running <= 0 && signals.Waiting <= 0 && signals.Queued == 0)
        {
            // Idle now, whatever the last minute's queue waits were: the cool-down holds a recent higher count.
            return (targets.MinNodes, ScalingReason.Idle);
        }

        var (pressure, reason) = Max(
            (Ratio(signals.QueueWaitP95Seconds, targets.QueueWaitP95.TotalSeconds), ScalingReason.QueueWait),
            (Ratio(signals.KvUsage ?? 0, targets.KvUsage), ScalingReason.KvCache),
            (Ratio(current == 0 ? signals.Waiting : signals.Waiting / current, targets.WaitingPerNode), ScalingReason.EngineQueue));

        int desired;
        if (pressure > 1)
        {
            desired = Math.Max(current + 1, (int)Math.Ceiling(current * pressure));
        }
        else
        {
            (desired, reason) = (current, ScalingReason.Steady);
        }

        return (Math.Clamp(desired, targets.MinNodes, Math.Max(targets.MinNodes, targets.MaxNodes)), reason);
    }

    private static double Ratio(double value, double target) => target > 0 ? value / target : 0;

    private static (double Pressure, ScalingReason Reason) Max(params (double Pressure, ScalingReason Reason)[] candidates) =>
        candidates.MaxBy(c => c.Pressure);
}
