namespace GatoLink.PerSilo.Scaling;

/// <summary>
/// Hysteresis for one model: the published recommendation is the highest raw one of the last cool-down, so it rises at
/// once and falls only when the cool-down has passed since anything asked for more (Kubernetes' scale-down
/// stabilization window). Not thread-safe: one loop feeds it.
/// </summary>
public sealed class ScalingStabilizer
{
    private readonly Queue<(DateTimeOffset At, int Desired)> _recent = new();

    /// <summary>The published recommendation (0 before the first reading).</summary>
    public int Desired { get; private set; }

    /// <summary>When <see cref="Desired"/> last changed.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>Adds a raw recommendation read at <paramref name="now"/> and returns the published one.</summary>
    public int Add(DateTimeOffset now, int raw, TimeSpan coolDown)
    {
        _recent.Enqueue((now, raw));
        while (_recent.Count > 1 && now - _recent.Peek().At > coolDown)
        {
            _recent.Dequeue();
        }

        var desired = _recent.Max(r => r.Desired);
        if (desired != Desired)
        {
            Desired = desired;
            ChangedAt = now;
        }

        return desired;
    }
}
