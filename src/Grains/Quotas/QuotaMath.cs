namespace GatoLink.Grains.Quotas;

/// <summary>The reading of a central row, shared by the PostgreSQL and in-memory readers.</summary>
public static class QuotaMath
{
    /// <summary>
    /// Applies the limit change, a bucket's refill or a budget's new window to the stored row, then splits the limit
    /// into used and remaining (the slices silos hold count as remaining: they can still be admitted).
    /// </summary>
    /// <param name="quota">Which quota.</param>
    /// <param name="definition">Its current definition.</param>
    /// <param name="storedLimit">The limit the row was last written with; null when there is no row yet.</param>
    /// <param name="storedRemaining">Central remaining as stored.</param>
    /// <param name="refilledAt">A bucket's last refill.</param>
    /// <param name="periodEnd">A budget's window end as stored.</param>
    /// <param name="held">Units in unexpired slices.</param>
    /// <param name="now">The database's (or store's) clock.</param>
    public static QuotaReading Read(QuotaId quota, QuotaDefinition definition, long? storedLimit, decimal storedRemaining, DateTimeOffset refilledAt, DateTimeOffset? periodEnd, long held, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var limit = definition.Limit;
        if (storedLimit is not { } stored)
        {
            return new QuotaReading(quota, limit, 0, limit, definition.IsBucket ? now : definition.PeriodEnd(now));
        }

        var level = storedRemaining + (limit - stored);
        if (definition.RefillPerMinute is { } perMinute)
        {
            var elapsed = Math.Max(0, (now - refilledAt).Ticks);
            level = Math.Min(level + (decimal)elapsed * perMinute / TimeSpan.TicksPerMinute, Math.Max(0, limit - held));
            var available = (long)Math.Clamp(Math.Floor(level) + held, 0, limit);
            var toFull = TimeSpan.FromTicks((limit - available) * TimeSpan.TicksPerMinute / Math.Max(1, perMinute));
            return new QuotaReading(quota, limit, limit - available, available, now + toFull);
        }

        if (periodEnd is not { } end || end <= now)
        {
            return new QuotaReading(quota, limit, 0, limit, definition.PeriodEnd(now));
        }

        var remaining = (long)Math.Clamp(Math.Floor(level) + held, 0, limit);
        return new QuotaReading(quota, limit, limit - remaining, remaining, end);
    }
}
