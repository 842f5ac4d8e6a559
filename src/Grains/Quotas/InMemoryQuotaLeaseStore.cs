namespace GatoLink.Grains.Quotas;

/// <summary>
/// <see cref="IQuotaLeaseStore"/> in memory, with the same atomic semantics as the PostgreSQL rows (one
/// lock around "remaining -= grant"): the embedded single-silo mode and tests.
/// </summary>
public sealed class InMemoryQuotaLeaseStore : IQuotaLeaseStore
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
            return Find(quota).Remaining;
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
        lock (_gate)
        {
            var row = Find(request.Quota);
            var granted = LeaseSizing.Grant(request.Wanted, row.Remaining, request.LiveSilos);
            row.Remaining -= granted;
            row.Leased[request.SiloId] = row.Leased.GetValueOrDefault(request.SiloId) + granted;
            var grant = new LeaseGrant(granted, row.Remaining, row.PeriodEnd, _time.GetUtcNow() + request.Duration);
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
            row.Leased[lease.SiloId] = row.Leased.GetValueOrDefault(lease.SiloId) - lease.Amount;
        }

        return ValueTask.CompletedTask;
    }

    private Row Find(QuotaId quota) =>
        _rows.TryGetValue(quota, out var row)
            ? row
            : throw new InvalidOperationException($"Quota {quota} has not been set.");

    private sealed class Row
    {
        public long Remaining { get; set; }

        public DateTimeOffset PeriodEnd { get; init; }

        public Dictionary<string, long> Leased { get; } = [];
    }
}
