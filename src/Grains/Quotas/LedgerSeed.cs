using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Billing;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// Rebuilds a key's or tenant's budget counters from the ledger on activation, so that a deactivation or a silo
/// crash never resets a budget: today's cost, this month's cost and tokens, as the ledger holds them.
/// </summary>
public static class LedgerSeed
{
    /// <summary>Seeds the budgets of <paramref name="limiter"/> that are set; rate buckets start full.</summary>
    public static async Task SeedAsync(ScopeLimiter limiter, IUsageQueries ledger, Guid? tenantId, Guid? keyId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(ledger);
        var limits = limiter.Limits;
        if (limits.DailyCostMicros is null && limits.MonthlyCostMicros is null && limits.MonthlyTokens is null)
        {
            return;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var month = await ledger.QueryAsync(new UsageQuery(monthStart, today, UsageGrouping.Day, tenantId, keyId), ct);
        if (limits.DailyCostMicros is not null)
        {
            var day = await ledger.QueryAsync(new UsageQuery(today, today, UsageGrouping.Day, tenantId, keyId), ct);
            limiter.Seed(LimitKind.DailyCost, day.Sum(r => r.CostMicros));
        }

        limiter.Seed(LimitKind.MonthlyCost, month.Sum(r => r.CostMicros));
        limiter.Seed(LimitKind.MonthlyTokens, month.Sum(r => r.PromptTokens + r.CompletionTokens));
    }
}
