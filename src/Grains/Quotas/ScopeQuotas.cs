using KeyLimits = GatoLink.Grains.Abstractions.Keys.Limits;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The leased counters of one key or one tenant on this silo, one per limit it has. A limit change swaps the
/// counters' definitions (the central row applies the difference, so counts survive); a limit that goes away
/// returns its slice; a new one starts empty.
/// </summary>
public sealed class ScopeQuotas : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<QuotaId, LeasedCounter> _create;
    private readonly LeasedCounter?[] _counters = new LeasedCounter?[5];
    private KeyLimits? _limits;

    /// <summary>Counters of <paramref name="id"/>, created by <paramref name="create"/> on first need.</summary>
    public ScopeQuotas(LimitScope scope, string id, Func<QuotaId, LeasedCounter> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(create);
        Scope = scope;
        Id = id;
        _create = create;
    }

    /// <summary>Key or tenant.</summary>
    public LimitScope Scope { get; }

    /// <summary>Key id or tenant id.</summary>
    public string Id { get; }

    /// <summary>True when no limit is set.</summary>
    public bool IsUnlimited
    {
        get
        {
            foreach (var counter in _counters)
            {
                if (counter is not null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The counter of <paramref name="kind"/>, or null when unlimited.</summary>
    public LeasedCounter? Counter(LimitKind kind) => Volatile.Read(ref _counters[(int)kind]);

    /// <summary>Brings the counters in line with <paramref name="limits"/> (cheap when unchanged).</summary>
    /// <returns>Counters that were dropped; the caller disposes them (returning their slices) off the hot path.</returns>
    public IReadOnlyList<LeasedCounter> Apply(KeyLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (ReferenceEquals(Volatile.Read(ref _limits), limits))
        {
            return [];
        }

        lock (_gate)
        {
            if (ReferenceEquals(_limits, limits))
            {
                return [];
            }

            var dropped = new List<LeasedCounter>();
            Set(LimitKind.Requests, limits.RequestsPerMinute is { } rpm ? QuotaDefinition.Bucket(rpm) : null, dropped);
            Set(LimitKind.Tokens, limits.TokensPerMinute is { } tpm ? QuotaDefinition.Bucket(tpm) : null, dropped);
            Set(LimitKind.DailyCost, limits.DailyCostMicros is { } day ? QuotaDefinition.Budget(day, BudgetPeriod.Day) : null, dropped);
            Set(LimitKind.MonthlyCost, limits.MonthlyCostMicros is { } month ? QuotaDefinition.Budget(month, BudgetPeriod.Month) : null, dropped);
            Set(LimitKind.MonthlyTokens, limits.MonthlyTokens is { } tokens ? QuotaDefinition.Budget(tokens, BudgetPeriod.Month) : null, dropped);
            Volatile.Write(ref _limits, limits);
            return dropped;
        }
    }

    /// <summary>Every live counter.</summary>
    public IEnumerable<LeasedCounter> Counters()
    {
        foreach (var counter in _counters)
        {
            if (counter is { } c)
            {
                yield return c;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var counter in Counters().ToList())
        {
            await counter.DisposeAsync();
        }
    }

    private void Set(LimitKind kind, QuotaDefinition? definition, List<LeasedCounter> dropped)
    {
        var index = (int)kind;
        var existing = _counters[index];
        if (definition is null)
        {
            if (existing is not null)
            {
                dropped.Add(existing);
                Volatile.Write(ref _counters[index], null);
            }

            return;
        }

        if (existing is not null)
        {
            existing.Definition = definition;
            return;
        }

        var counter = _create(new QuotaId(Scope, Id, kind));
        counter.Definition = definition;
        Volatile.Write(ref _counters[index], counter);
    }
}
