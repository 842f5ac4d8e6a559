namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>One limit of a key or tenant as its grain holds it now: the whole cluster's use.</summary>
/// <param name="Kind">Which limit.</param>
/// <param name="Limit">The limit.</param>
/// <param name="Used">Used in the current window (settled usage plus open reservations).</param>
/// <param name="Remaining">What is left now.</param>
/// <param name="ResetsAt">When the window resets (a bucket: when it is full again).</param>
[GenerateSerializer]
[Alias("gatolink.limit-reading")]
public sealed record LimitReading(LimitKind Kind, long Limit, long Used, long Remaining, DateTimeOffset ResetsAt);
