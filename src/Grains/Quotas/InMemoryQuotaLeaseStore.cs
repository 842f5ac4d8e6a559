namespace GatoLink.Grains.Quotas;

/// <summary>
/// <see cref="IQuotaLeaseStore"/> in memory, with the same atomic semantics as the PostgreSQL rows (one
/// lock around "remaining -= grant"): the embedded single-silo mode and tests.
/// </summary>
/// <remarks>
/// A request that carries a <see cref="QuotaDefinition"/> creates its row on first use, refills a bucket from
/// elapsed time (capped so that central + the silos' slices never exceed the capacity), starts a budget's new
/// window, and applies a changed limit by the difference — exactly what <c>quota_acquire</c> does in PostgreSQL.
/// </remarks>
public sealed class InMemoryQuotaLeaseStore : IQuotaLeaseStore, IQuotaReader
{
    private readonly Lock _gate = new();
    private readonly Dictionary<QuotaId, Row> _rows = [];
    private readonly TimeProvider _time;

    /// <summary>An empty store.</summary>
    public InMemoryQuotaLeaseStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Sets (or resets, at a new period) the central remaining of a quota.</summary>
    public void Set(QuotaId quota, long remaining, DateTimeOffset periodEnd)
    {
        lock (_gate)
        {
            _rows[quota] = new Row { Remaining = remaining, PeriodEnd = periodEnd };
        }
    }

    /// <summary>The central remaining of a quota (not counting slices held by silos).</summary>
    public long Remaining(QuotaId quota)
    {
        lock (_gate)
        {
            return (long)Math.Floor(Find(quota).Remaining);
        }
    }

    /// <summary>Units leased to <paramref name="siloId"/> and not returned.</summary>
    public long Leased(QuotaId quota, string siloId)
    {
        lock (_gate)
        {
            return Find(quota).Leased.GetValueOrDefault(siloId);
        }
    }

    /// <inheritdoc />
    public ValueTask<LeaseGrant> AcquireAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var row = request.Definition is { } definition ? Prepare(request, definition, now) : Find(request.Quota);
            var granted = LeaseSizing.Grant(request.Wanted, (long)Math.Floor(row.Remaining), request.LiveSilos);
            row.Remaining -= granted;
            row.Leased[request.SiloId] = request.Definition is null
                ? row.Leased.GetValueOrDefault(request.SiloId) + granted
                : request.Held + granted;
            var grant = new LeaseGrant(granted, (long)Math.Floor(row.Remaining), row.PeriodEnd, now + request.Duration);
            return new ValueTask<LeaseGrant>(grant);
        }
    }

    /// <inheritdoc />
    public ValueTask ReturnAsync(LeaseReturn lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(lease.Amount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var row = Find(lease.Quota);
            if (row.PeriodEnd != lease.PeriodEnd)
            {
                return ValueTask.CompletedTask;
            }

            row.Remaining += lease.Amount;
            if (row.Definition is { IsBucket: true } bucket)
            {
                row.Remaining = Math.Min(row.Remaining, bucket.Limit);
            }

            row.Leased[lease.SiloId] = Math.Max(0, row.Leased.GetValueOrDefault(lease.SiloId) - lease.Amount);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<QuotaReading> ReadAsync(QuotaId quota, QuotaDefinition definition, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_rows.TryGetValue(quota, out var row))
            {
                return new ValueTask<QuotaReading>(QuotaMath.Read(quota, definition, null, 0, now, null, 0, now));
            }

            var stored = row.Definition?.Limit ?? definition.Limit;
            var held = row.Leased.Values.Sum();
            return new ValueTask<QuotaReading>(QuotaMath.Read(quota, definition, stored, row.Remaining, row.RefilledAt, row.PeriodEnd, held, now));
        }
    }

    private Row Prepare(LeaseRequest request, QuotaDefinition definition, DateTimeOffset now)
    {
        if (!_rows.TryGetValue(request.Quota, out var row))
        {
            row = new Row { Remaining = definition.Limit, PeriodEnd = definition.PeriodEnd(now), RefilledAt = now, Definition = definition };
            _rows[request.Quota] = row;
            return row;
        }

        var previous = row.Definition ?? definition;
        row.Remaining += definition.Limit - previous.Limit;
        if (definition.RefillPerMinute is { } perMinute)
        {
            var elapsed = now - row.RefilledAt;
            var othersHeld = row.Leased.Where(l => l.Key != request.SiloId).Sum(l => l.Value);
            var ceiling = definition.Limit - othersHeld - request.Held;
            if (elapsed > TimeSpan.Zero)
            {
                row.Remaining += (decimal)elapsed.Ticks * perMinute / TimeSpan.TicksPerMinute;
                row.RefilledAt = now;
            }

            row.Remaining = Math.Min(row.Remaining, Math.Max(0, ceiling));
        }
        else if (now >= row.PeriodEnd)
        {
            row.Remaining = definition.Limit;
            row.PeriodEnd = definition.PeriodEnd(now);
            row.Leased.Clear();
        }

        row.Definition = definition;
        return row;
    }

    private Row Find(QuotaId quota) =>
        _rows.TryGetValue(quota, out var row)
            ? row
            : throw new InvalidOperationException($"Quota {quota} has not been set.");

    private sealed class Row
    {
        public decimal Remaining { get; set; }

        public DateTimeOffset PeriodEnd { get; set; }

        public DateTimeOffset RefilledAt { get; set; }

        public QuotaDefinition? Definition { get; set; }

        public Dictionary<string, long> Leased { get; } = [];
    }
}
