namespace GatoLink.Grains.Quotas;

/// <summary>Tuning of a <see cref="LeasedCounter"/>.</summary>
public sealed record LeaseOptions
{
    /// <summary>How long a slice is held before it is returned (unless renewed by a new grant).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A refill asks for this long at the recent consumption rate.</summary>
    public TimeSpan RefillHorizon { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A background refill starts when the local slice drops below this fraction of the last grant.</summary>
    public double LowWaterFraction { get; init; } = 0.25;

    /// <summary>
    /// The least a refill asks for; also the first slice, before any rate is known. Size it to the unit:
    /// a few requests, a few thousand tokens, a few cents in micro-dollars.
    /// </summary>
    public long MinimumGrant { get; init; } = 16;

    /// <summary>Weight of the newest rate sample in the moving average.</summary>
    public double RateSmoothing { get; init; } = 0.3;
}
