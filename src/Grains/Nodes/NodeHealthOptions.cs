namespace GatoLink.Grains.Nodes;

/// <summary>Circuit breaker settings.</summary>
public sealed class NodeHealthOptions
{
    /// <summary>Consecutive failures that open the circuit.</summary>
    public int FailuresToOpen { get; set; } = 3;

    /// <summary>First cooldown; doubles on each re-open.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest cooldown.</summary>
    public TimeSpan MaxCooldown { get; set; } = TimeSpan.FromSeconds(60);
}
