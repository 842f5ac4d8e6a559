namespace GatoLink.PerSilo.Scaling;

/// <summary>A model's scaling recommendation: how many nodes serve it, how many it should have, and why.</summary>
/// <param name="Model">The model.</param>
/// <param name="CurrentNodes">Nodes serving it now (healthy, not draining).</param>
/// <param name="DesiredNodes">The recommendation, after the cool-down.</param>
/// <param name="Reason">Why: the reading's reason, or <see cref="ScalingReason.CoolingDown"/> while a higher count is held.</param>
/// <param name="ReadingDesired">What this reading alone asks for (before the cool-down).</param>
/// <param name="ReadingReason">Why this reading asks for it.</param>
/// <param name="Signals">The reading.</param>
/// <param name="Targets">The model's targets.</param>
/// <param name="CoolDown">The cool-down in force.</param>
/// <param name="ComputedAt">When the reading was taken.</param>
/// <param name="ChangedAt">When <paramref name="DesiredNodes"/> last changed.</param>
public sealed record ModelScaling(
    string Model,
    int CurrentNodes,
    int DesiredNodes,
    ScalingReason Reason,
    int ReadingDesired,
    ScalingReason ReadingReason,
    ScalingSignals Signals,
    ScalingTargets Targets,
    TimeSpan CoolDown,
    DateTimeOffset ComputedAt,
    DateTimeOffset ChangedAt);
