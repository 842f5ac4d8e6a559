using GatoLink.Grains.Abstractions.Quotas;
using KeyLimits = GatoLink.Grains.Abstractions.Keys.Limits;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// The live limiters of one key or one tenant, built from its <see cref="KeyLimits"/>;
/// null members are unlimited. A tenant's set is shared by the <see cref="Admission"/> of all its keys.
/// </summary>
public sealed class LimitSet
{
    /// <summary>The kinds a bucket or a budget counts, in the order readings list them.</summary>
    public static readonly IReadOnlyList<LimitKind> Kinds = [LimitKind.Requests, LimitKind.Tokens, LimitKind.DailyCost, LimitKind.MonthlyCost, LimitKind.MonthlyTokens];

    private static readonly LimitSet NoKeyLimits = new(LimitScope.Key, KeyLimits.None, TimeProvider.System);
    private static readonly LimitSet NoTenantLimits = new(LimitScope.Tenant, KeyLimits.None, TimeProvider.System);

    /// <summary>Builds the limiters of <paramref name="limits"/>; all start full/unused.</summary>
    public LimitSet(LimitScope scope, KeyLimits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        Scope = scope;
        Requests = limits.RequestsPerMinute is { } rpm ? new TokenBucket(rpm, rpm, time) : null;
        Tokens = limits.TokensPerMinute is { } tpm ? new TokenBucket(tpm, tpm, time) : null;
        DailyCost = limits.DailyCostMicros is { } day ? new BudgetCounter(day, BudgetPeriod.Day, time) : null;
        MonthlyCost = limits.MonthlyCostMicros is { } month ? new BudgetCounter(month, BudgetPeriod.Month, time) : null;
        MonthlyTokens = limits.MonthlyTokens is { } tokens ? new BudgetCounter(tokens, BudgetPeriod.Month, time) : null;
        Slots = limits.MaxConcurrent is { } slots ? new ConcurrencySlots(slots) : null;
    }

    /// <summary>
    /// A set with no limit in <paramref name="scope"/>, shared: it holds nothing that changes, so the other scope of
    /// every key and tenant grain's admission is this one object.
    /// </summary>
    public static LimitSet None(LimitScope scope) => scope == LimitScope.Key ? NoKeyLimits : NoTenantLimits;

    /// <summary>Key or tenant.</summary>
    public LimitScope Scope { get; }

    /// <summary>Requests per minute.</summary>
    public TokenBucket? Requests { get; }

    /// <summary>Tokens per minute.</summary>
    public TokenBucket? Tokens { get; }

    /// <summary>Cost per UTC day.</summary>
    public BudgetCounter? DailyCost { get; }

    /// <summary>Cost per UTC month.</summary>
    public BudgetCounter? MonthlyCost { get; }

    /// <summary>Tokens per UTC month.</summary>
    public BudgetCounter? MonthlyTokens { get; }

    /// <summary>Requests running at once.</summary>
    public ConcurrencySlots? Slots { get; }

    /// <summary>The bucket of <paramref name="kind"/> (Requests or Tokens), if limited.</summary>
    public TokenBucket? Bucket(LimitKind kind) => kind switch
    {
        LimitKind.Requests => Requests,
        LimitKind.Tokens => Tokens,
        _ => null,
    };

    /// <summary>The budget of <paramref name="kind"/> (DailyCost, MonthlyCost, MonthlyTokens), if limited.</summary>
    public BudgetCounter? Budget(LimitKind kind) => kind switch
    {
        LimitKind.DailyCost => DailyCost,
        LimitKind.MonthlyCost => MonthlyCost,
        LimitKind.MonthlyTokens => MonthlyTokens,
        _ => null,
    };

    /// <summary>The limits these limiters were built from (<see cref="KeyLimits.None"/> when none is set).</summary>
    public KeyLimits Limits =>
        Requests is null && Tokens is null && DailyCost is null && MonthlyCost is null && MonthlyTokens is null && Slots is null
            ? KeyLimits.None
            : new KeyLimits((int?)Requests?.Capacity, Tokens?.Capacity, DailyCost?.Limit, MonthlyCost?.Limit, MonthlyTokens?.Limit, Slots?.Capacity);

    /// <summary>Every limit that is set, as it stands at <paramref name="now"/>.</summary>
    public LimitReading[] Read(DateTimeOffset now)
    {
        var readings = new List<LimitReading>(Kinds.Count + 1);
        foreach (var kind in Kinds)
        {
            if (Bucket(kind) is { } bucket)
            {
                var state = bucket.Snapshot();
                readings.Add(new LimitReading(kind, state.Limit, state.Limit - state.Remaining, state.Remaining, now + state.ResetAfter));
            }
            else if (Budget(kind) is { } budget)
            {
                var state = budget.Snapshot();
                readings.Add(new LimitReading(kind, state.Limit, state.Used, state.Remaining, state.Window.End));
            }
        }

        if (Slots is { } slots)
        {
            readings.Add(new LimitReading(LimitKind.Concurrent, slots.Capacity, slots.InUse, Math.Max(0, slots.Capacity - slots.InUse), now));
        }

        return [.. readings];
    }
}
