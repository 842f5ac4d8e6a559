using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// Everything a <see cref="ScopeLimiter"/> holds, handed from an activation that migrates to the next one so that the
/// new activation goes on counting where the old one stopped instead of re-reading a ledger that lags behind.
/// </summary>
/// <param name="Limits">The limits the counters were built for (the new activation applies what storage holds now).</param>
/// <param name="Budgets">Each budget's window and use.</param>
/// <param name="Buckets">Each rate bucket's level and when it was last refilled.</param>
/// <param name="Reservations">Reservations whose settlement has not come yet.</param>
[GenerateSerializer]
[Alias("gatolink.limiter-snapshot")]
public sealed record LimiterSnapshot(Limits Limits, BudgetSnapshot[] Budgets, BucketSnapshot[] Buckets, ReservationSnapshot[] Reservations);
