namespace GatoLink.Grains.Quotas;

/// <summary>One limit as the budget API shows it, for the whole cluster.</summary>
/// <param name="Quota">Which limit.</param>
/// <param name="Limit">The limit (requests, tokens or micro-dollars).</param>
/// <param name="Used">Used in the current window (for a bucket: what has not refilled yet).</param>
/// <param name="Remaining">What can still be admitted now.</param>
/// <param name="ResetsAt">A budget's window end; when a bucket is full again.</param>
public sealed record QuotaReading(QuotaId Quota, long Limit, long Used, long Remaining, DateTimeOffset ResetsAt);
