using System.Globalization;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// <see cref="Admission"/>'s protocol over leased slices of the central rows, so that a limit holds on any
/// number of silos: every claim is taken from this silo's <see cref="LeasedCounter"/> (synchronous while the
/// slice lasts; the store is asked only when it runs out), and a later refusal gives back what earlier limits took.
/// </summary>
/// <remarks>
/// Same order as <see cref="Admission"/>: requests, then the budgets (which cap max_tokens to what the slice
/// they could get pays for — slices shrink towards a budget's end, so the cap is conservative and a budget is
/// never overspent), then tokens per minute with the final max_tokens.
/// </remarks>
public sealed class LeasedAdmission
{
    private readonly ScopeQuotas[] _scopes;
    private readonly TimeProvider _time;

    /// <summary>The admission of one key over its own and its tenant's counters.</summary>
    public LeasedAdmission(ScopeQuotas key, ScopeQuotas tenant, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(time);
        Key = key;
        Tenant = tenant;
        _scopes = [key, tenant];
        _time = time;
    }

    /// <summary>The key's counters.</summary>
    public ScopeQuotas Key { get; }

    /// <summary>The tenant's counters.</summary>
    public ScopeQuotas Tenant { get; }

    /// <summary>Admits and reserves, or refuses and reserves nothing.</summary>
    public async ValueTask<AdmissionDecision> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.PromptTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.MaxTokens);
        var items = new List<ReservedAmount>(10);
        var finished = false;
        try
        {
            var decision = await AdmitCoreAsync(request, items, cancellationToken);
            finished = true;
            return decision;
        }
        finally
        {
            if (!finished)
            {
                // Cancelled, or the store failed while waiting for a slice: nothing stays reserved.
                Release(items);
            }
        }
    }

    private async ValueTask<AdmissionDecision> AdmitCoreAsync(AdmissionRequest request, List<ReservedAmount> items, CancellationToken cancellationToken)
    {
        {
            foreach (var scope in _scopes)
            {
                if (scope.Counter(LimitKind.Requests) is { } requests)
                {
                    if (!await requests.TryAcquireAsync(1, cancellationToken))
                    {
                        return Refuse(items, RateRefusal(scope.Scope, LimitKind.Requests, requests, 1));
                    }

                    items.Add(new ReservedAmount(scope.Scope, LimitKind.Requests, 1, default));
                }
            }

            var maxTokens = request.MaxTokens;
            foreach (var scope in _scopes)
            {
                // DailyCost, MonthlyCost, MonthlyTokens: the budget kinds, in order.
                for (var kind = LimitKind.DailyCost; kind <= LimitKind.MonthlyTokens; kind++)
                {
                    if (scope.Counter(kind) is not { } budget)
                    {
                        continue;
                    }

                    var claim = await ClaimBudgetAsync(budget, kind, request, maxTokens, cancellationToken);
                    if (claim.Amount == 0 && claim.OutputTokens == 0)
                    {
                        return Refuse(items, BudgetRefusal(scope.Scope, kind, budget));
                    }

                    if (claim.Amount > 0)
                    {
                        items.Add(new ReservedAmount(scope.Scope, kind, claim.Amount, default));
                    }

                    maxTokens = claim.OutputTokens;
                }
            }

            // A later budget may have capped below what an earlier one took for: give the difference back now.
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
                if (final < item.Amount)
                {
                    Scope(item.Scope).Counter(item.Kind)?.Release(item.Amount - final);
                    items[i] = item with { Amount = final };
                }
            }

            foreach (var scope in _scopes)
            {
                if (scope.Counter(LimitKind.Tokens) is { } bucket)
                {
                    if (!await bucket.TryAcquireAsync(Math.Max(1, tokens), cancellationToken))
                    {
                        return Refuse(items, RateRefusal(scope.Scope, LimitKind.Tokens, bucket, tokens));
                    }

                    items.Add(new ReservedAmount(scope.Scope, LimitKind.Tokens, Math.Max(1, tokens), default));
                }
            }

            return AdmissionDecision.Admit(new Reservation(request.PromptTokens, maxTokens, request.MaxTokens, items));
        }
    }

    /// <summary>Replaces the estimate by the actual usage; only the first settle/rollback counts.</summary>
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
            if (Scope(item.Scope).Counter(item.Kind) is not { } counter)
            {
                continue;
            }

            var actual = item.Kind switch
            {
                LimitKind.Tokens or LimitKind.MonthlyTokens => actualTokens,
                LimitKind.DailyCost or LimitKind.MonthlyCost => actualCostMicros,
                _ => item.Amount,
            };
            if (actual < item.Amount)
            {
                counter.Release(item.Amount - actual);
            }
            else if (actual > item.Amount)
            {
                counter.Charge(actual - item.Amount);
            }
        }

        return true;
    }

    /// <summary>Undoes every reservation, including the request itself.</summary>
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

    /// <summary>The x-ratelimit-* values, estimated from this silo's slice and the central level last seen.</summary>
    public RateLimitHeaders Headers() => RateLimitHeaders.From(
        Estimate(Key.Counter(LimitKind.Requests) ?? Tenant.Counter(LimitKind.Requests)),
        Estimate(Key.Counter(LimitKind.Tokens) ?? Tenant.Counter(LimitKind.Tokens)));

    private static BucketState? Estimate(LeasedCounter? counter)
    {
        if (counter?.Definition is not { } definition)
        {
            return null;
        }

        var limit = definition.Limit;
        var central = counter.LastCentralRemaining;
        var remaining = central < 0 ? limit : Math.Clamp(central + Math.Max(0, counter.Local), 0, limit);
        var perMinute = Math.Max(1, definition.RefillPerMinute ?? limit);
        return new BucketState(limit, remaining, TimeSpan.FromTicks((limit - remaining) * TimeSpan.TicksPerMinute / perMinute));
    }

    private async ValueTask<(long Amount, long OutputTokens)> ClaimBudgetAsync(LeasedCounter budget, LimitKind kind, AdmissionRequest request, long maxTokens, CancellationToken cancellationToken)
    {
        var prompt = request.PromptTokens;
        if (kind == LimitKind.MonthlyTokens)
        {
            var taken = await budget.TryAcquireUpToAsync(prompt + 1, prompt + maxTokens, cancellationToken);
            return taken == 0 ? (0, 0) : (taken, taken - prompt);
        }

        var full = request.Price.CostMicros(prompt, maxTokens);
        if (full == 0)
        {
            // Free at this price: nothing to reserve, nothing to cap.
            return (0, maxTokens);
        }

        var least = Math.Max(1, request.Price.CostMicros(prompt, 1));
        var got = await budget.TryAcquireUpToAsync(Math.Min(least, full), full, cancellationToken);
        if (got == 0)
        {
            return (0, 0);
        }

        if (got == full)
        {
            return (got, maxTokens);
        }

        var affordable = Math.Min(maxTokens, CostCap.AffordableOutputTokens(request.Price, prompt, got));
        if (affordable < 1)
        {
            budget.Release(got);
            return (0, 0);
        }

        return (got, affordable);
    }

    private ScopeQuotas Scope(LimitScope scope) => scope == LimitScope.Key ? Key : Tenant;

    private AdmissionDecision Refuse(List<ReservedAmount> items, LimitRefusal refusal)
    {
        Release(items);
        return AdmissionDecision.Refuse(refusal);
    }

    private void Release(IEnumerable<ReservedAmount> items)
    {
        foreach (var item in items)
        {
            Scope(item.Scope).Counter(item.Kind)?.Release(item.Amount);
        }
    }

    private static LimitRefusal RateRefusal(LimitScope scope, LimitKind kind, LeasedCounter counter, long units)
    {
        var name = LimitNames.Describe(scope, kind);
        var limit = counter.Definition?.Limit ?? 0;
        var perMinute = Math.Max(1, counter.Definition?.RefillPerMinute ?? 1);
        if (units > limit)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"Request too large for {name} (limit {limit}): lower max_tokens or the prompt.");
            return new LimitRefusal(scope, kind, TimeSpan.FromMinutes(1), message);
        }

        var retry = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, units * TimeSpan.TicksPerMinute / perMinute));
        return new LimitRefusal(
            scope,
            kind,
            retry,
            string.Create(CultureInfo.InvariantCulture, $"Rate limit reached for {name} (limit {limit}). Retry after {RateLimitHeaders.FormatReset(retry)}."));
    }

    private LimitRefusal BudgetRefusal(LimitScope scope, LimitKind kind, LeasedCounter counter)
    {
        var name = LimitNames.Describe(scope, kind);
        var now = _time.GetUtcNow();
        var end = counter.Definition?.PeriodEnd(now) ?? now;
        var message = string.Create(CultureInfo.InvariantCulture, $"Budget exceeded: {name}. It resets at {end.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");
        return new LimitRefusal(scope, kind, end > now ? end - now : TimeSpan.Zero, message);
    }
}
