using GatoLink.Grains.Abstractions.Quotas;
using System.Globalization;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// Check-and-reserve across every limit of a key and its tenant as one step: each limit claims under
/// its own short lock, and if a later one refuses, the earlier claims are rolled back. No limit is ever
/// overspent by concurrent admissions, because each claim is atomic against its own counter.
/// </summary>
/// <remarks>
/// Order matters: requests first (cheapest to refuse), then the budgets (cost and monthly tokens; near
/// their end they cap max_tokens rather than refuse, so that a budget is never overspent), then the
/// tokens-per-minute buckets, which take prompt + the capped max_tokens.
/// </remarks>
public sealed class Admission
{
    private static ReadOnlySpan<LimitKind> BudgetKinds => [LimitKind.DailyCost, LimitKind.MonthlyCost, LimitKind.MonthlyTokens];

    // The key's set then the tenant's, walked by index (ScopeAt) rather than held in an array: one object less per key.
    private const int ScopeCount = 2;

    private readonly TimeProvider _time;

    /// <summary>The admission of one key; <paramref name="tenant"/> is shared by the tenant's keys.</summary>
    public Admission(LimitSet key, LimitSet tenant, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(time);
        if (key.Scope != LimitScope.Key || tenant.Scope != LimitScope.Tenant)
        {
            throw new ArgumentException("Expected a key limit set and a tenant limit set.", nameof(key));
        }

        Key = key;
        Tenant = tenant;
        _time = time;
    }

    /// <summary>The key's limiters.</summary>
    public LimitSet Key { get; }

    /// <summary>The tenant's limiters.</summary>
    public LimitSet Tenant { get; }

    /// <summary>Admits and reserves, or refuses and reserves nothing.</summary>
    public AdmissionDecision Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.PromptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(request.MaxTokens);

        var items = new List<ReservedAmount>(10);

        for (var at = 0; at < ScopeCount; at++)
        {
            var set = ScopeAt(at);
            if (set.Requests is { } bucket)
            {
                var take = bucket.TryTake(1);
                if (!take.Taken)
                {
                    return Refuse(items, RateRefusal(set.Scope, LimitKind.Requests, bucket, take));
                }

                items.Add(new ReservedAmount(set.Scope, LimitKind.Requests, 1, default));
            }
        }

        if (request.PromptTokens == 0 && request.MaxTokens == 0)
        {
            // A request that uses no tokens (an answer from the response cache): it counts against the request rate and
            // reserves the model's cache price in the cost budgets; no token bucket or token budget is touched.
            return ReserveHit(items, request.Price.CacheHitMicros);
        }

        // Budgets may lower max_tokens to what their remainder can pay for; each caps from the previous cap.
        var maxTokens = request.MaxTokens;
        for (var at = 0; at < ScopeCount; at++)
        {
            var set = ScopeAt(at);
            foreach (var kind in BudgetKinds)
            {
                if (set.Budget(kind) is not { } budget)
                {
                    continue;
                }

                var claim = kind == LimitKind.MonthlyTokens
                    ? budget.TryReserveTokens(request.PromptTokens, maxTokens)
                    : budget.TryReserveCost(request.Price, request.PromptTokens, maxTokens);
                if (!claim.Reserved)
                {
                    return Refuse(items, BudgetRefusal(set.Scope, kind, claim.Window));
                }

                items.Add(new ReservedAmount(set.Scope, kind, claim.Amount, claim.Window));
                maxTokens = claim.OutputTokens;
            }
        }

        // A later budget may have capped below what an earlier one reserved for: shrink those to the final cap.
        var cost = request.Price.CostMicros(request.PromptTokens, maxTokens);
        var tokens = request.PromptTokens + maxTokens;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var final = item.Kind switch
            {
                LimitKind.DailyCost or LimitKind.MonthlyCost => cost,
                LimitKind.MonthlyTokens => tokens,
                _ => item.Amount,
            };
            if (final != item.Amount)
            {
                Scope(item.Scope).Budget(item.Kind)!.Adjust(item.Window, final - item.Amount);
                items[i] = item with { Amount = final };
            }
        }

        for (var at = 0; at < ScopeCount; at++)
        {
            var set = ScopeAt(at);
            if (set.Tokens is { } bucket)
            {
                var take = bucket.TryTake(tokens);
                if (!take.Taken)
                {
                    return Refuse(items, RateRefusal(set.Scope, LimitKind.Tokens, bucket, take));
                }

                items.Add(new ReservedAmount(set.Scope, LimitKind.Tokens, tokens, default));
            }
        }

        return AdmissionDecision.Admit(new Reservation(request.PromptTokens, maxTokens, request.MaxTokens, items));
    }

    private AdmissionDecision ReserveHit(List<ReservedAmount> items, long micros)
    {
        if (micros > 0)
        {
            for (var at = 0; at < ScopeCount; at++)
            {
                var set = ScopeAt(at);
                foreach (var kind in (ReadOnlySpan<LimitKind>)[LimitKind.DailyCost, LimitKind.MonthlyCost])
                {
                    if (set.Budget(kind) is not { } budget)
                    {
                        continue;
                    }

                    var claim = budget.TryReserve(micros);
                    if (!claim.Reserved)
                    {
                        return Refuse(items, BudgetRefusal(set.Scope, kind, claim.Window));
                    }

                    items.Add(new ReservedAmount(set.Scope, kind, micros, claim.Window));
                }
            }
        }

        return AdmissionDecision.Admit(new Reservation(0, 0, 0, items));
    }

    /// <summary>
    /// Replaces the estimate by the actual usage: unused tokens and cost go back, usage above the
    /// estimate is charged. The request itself stays counted. Only the first settle/rollback counts.
    /// </summary>
    /// <returns>False when the reservation was already closed.</returns>
    public bool Settle(Reservation reservation, long actualPromptTokens, long actualCompletionTokens, long actualCostMicros)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TryClose())
        {
            return false;
        }

        var actualTokens = actualPromptTokens + actualCompletionTokens;
        foreach (var item in reservation.Items)
        {
            switch (item.Kind)
            {
                case LimitKind.Tokens:
                    AdjustBucket(Scope(item.Scope).Tokens!, actualTokens - item.Amount);
                    break;
                case LimitKind.MonthlyTokens:
                    Scope(item.Scope).MonthlyTokens!.Adjust(item.Window, actualTokens - item.Amount);
                    break;
                case LimitKind.DailyCost or LimitKind.MonthlyCost:
                    Scope(item.Scope).Budget(item.Kind)!.Adjust(item.Window, actualCostMicros - item.Amount);
                    break;
                default:
                    break;
            }
        }

        return true;
    }

    /// <summary>Undoes every reservation, including the request itself (a request that never reached a node).</summary>
    /// <returns>False when the reservation was already closed.</returns>
    public bool Rollback(Reservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TryClose())
        {
            return false;
        }

        Release(reservation.Items);
        return true;
    }

    /// <summary>The six x-ratelimit-* values, from the key's buckets (the tenant's where the key has none).</summary>
    public RateLimitHeaders Headers() => RateLimitHeaders.From(
        (Key.Requests ?? Tenant.Requests)?.Snapshot(),
        (Key.Tokens ?? Tenant.Tokens)?.Snapshot());

    private LimitSet Scope(LimitScope scope) => scope == LimitScope.Key ? Key : Tenant;

    private LimitSet ScopeAt(int index) => index == 0 ? Key : Tenant;

    private AdmissionDecision Refuse(List<ReservedAmount> items, LimitRefusal refusal)
    {
        Release(items);
        return AdmissionDecision.Refuse(refusal);
    }

    private void Release(IEnumerable<ReservedAmount> items)
    {
        foreach (var item in items)
        {
            var set = Scope(item.Scope);
            if (set.Bucket(item.Kind) is { } bucket)
            {
                bucket.Return(item.Amount);
            }
            else
            {
                set.Budget(item.Kind)!.Adjust(item.Window, -item.Amount);
            }
        }
    }

    private static void AdjustBucket(TokenBucket bucket, long delta)
    {
        if (delta < 0)
        {
            bucket.Return(-delta);
        }
        else if (delta > 0)
        {
            bucket.Charge(delta);
        }
    }

    private static LimitRefusal RateRefusal(LimitScope scope, LimitKind kind, TokenBucket bucket, BucketTake take)
    {
        var name = LimitNames.Describe(scope, kind);
        if (take.RetryAfter == TimeSpan.MaxValue)
        {
            // Waiting never helps; Retry-After is the time until the bucket is full, the best the client can get.
            var message = string.Create(CultureInfo.InvariantCulture, $"Request too large for {name} (limit {bucket.Capacity}): lower max_tokens or the prompt.");
            return new LimitRefusal(scope, kind, bucket.Snapshot().ResetAfter, message);
        }

        return new LimitRefusal(
            scope,
            kind,
            take.RetryAfter,
            string.Create(CultureInfo.InvariantCulture, $"Rate limit reached for {name} (limit {bucket.Capacity}). Retry after {RateLimitHeaders.FormatReset(take.RetryAfter)}."));
    }

    private LimitRefusal BudgetRefusal(LimitScope scope, LimitKind kind, BudgetWindow window)
    {
        var name = LimitNames.Describe(scope, kind);
        var message = string.Create(CultureInfo.InvariantCulture, $"Budget exceeded: {name}. It resets at {window.End.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");
        return new LimitRefusal(scope, kind, window.TimeToReset(_time.GetUtcNow()), message);
    }
}
