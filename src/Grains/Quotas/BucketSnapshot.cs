using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>One token bucket of a <see cref="LimiterSnapshot"/>.</summary>
/// <param name="Kind">Which bucket.</param>
/// <param name="Level">The level in unit-ticks (units × ticks per minute), negative when in debt.</param>
/// <param name="RefilledAt">
/// Wall-clock time of the last refill, so that another process refills for the time that passed in between.
/// </param>
[GenerateSerializer]
[Alias("gatolink.bucket-snapshot")]
public sealed record BucketSnapshot(LimitKind Kind, Int128 Level, DateTimeOffset RefilledAt);
