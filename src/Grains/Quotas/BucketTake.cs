namespace GatoLink.Grains.Quotas;

/// <summary>Outcome of <see cref="TokenBucket.TryTake"/>.</summary>
/// <param name="Taken">Whether the units were taken.</param>
/// <param name="Remaining">Whole units left after the call.</param>
/// <param name="RetryAfter">When refused: how long until the wanted units are available (<see cref="TimeSpan.MaxValue"/> if never: more than capacity).</param>
public readonly record struct BucketTake(bool Taken, long Remaining, TimeSpan RetryAfter);
