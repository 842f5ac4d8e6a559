namespace GatoLink.Grains.Quotas;

/// <summary>
/// What a central quota row is: a per-minute bucket (<see cref="RefillPerMinute"/> set) or a budget per
/// <see cref="Period"/>. Sent with every lease request so the store creates the row on first use and applies
/// a changed limit by the difference (what was used stays used).
/// </summary>
/// <param name="Limit">Bucket capacity, or the budget per window.</param>
/// <param name="RefillPerMinute">Bucket refill; null for a budget.</param>
/// <param name="Period">Budget window; null for a bucket.</param>
public sealed record QuotaDefinition(long Limit, long? RefillPerMinute, BudgetPeriod? Period)
{
    /// <summary>A per-minute bucket.</summary>
    public static QuotaDefinition Bucket(long perMinute) => new(perMinute, perMinute, null);

    /// <summary>A budget per UTC day or month.</summary>
    public static QuotaDefinition Budget(long limit, BudgetPeriod period) => new(limit, null, period);

    /// <summary>Whether this is a per-minute bucket.</summary>
    public bool IsBucket => RefillPerMinute is not null;

    /// <summary>The end of the window containing <paramref name="now"/>; for a bucket, far in the future.</summary>
    public DateTimeOffset PeriodEnd(DateTimeOffset now) =>
        Period is { } period ? BudgetWindow.For(period, now).End : DateTimeOffset.MaxValue;
}
