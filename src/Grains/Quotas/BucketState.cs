namespace GatoLink.Grains.Quotas;

/// <summary>A token bucket at one instant, for the x-ratelimit-* headers.</summary>
/// <param name="Limit">Capacity.</param>
/// <param name="Remaining">Whole units available now (0 when in debt).</param>
/// <param name="ResetAfter">Time until the bucket is full again.</param>
public readonly record struct BucketState(long Limit, long Remaining, TimeSpan ResetAfter);
