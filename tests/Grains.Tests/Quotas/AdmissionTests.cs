using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Quotas;
using KeyLimits = GatoLink.Grains.Abstractions.Keys.Limits;

namespace GatoLink.Grains.Tests.Quotas;

using Admission = GatoLink.Grains.Quotas.Admission;

public sealed class AdmissionTests
{
    // 1 micro-dollar per prompt token, 2 per completion token.
    private static readonly ModelPrice Price = new("m", 1_000_000, 2_000_000, DateTimeOffset.UnixEpoch);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero));

    private Admission Build(KeyLimits key, KeyLimits? tenant = null) =>
        new(new LimitSet(LimitScope.Key, key, _time), new LimitSet(LimitScope.Tenant, tenant ?? KeyLimits.None, _time), _time);

    private static AdmissionRequest Ask(long prompt = 100, long maxTokens = 1000) => new(prompt, maxTokens, Price);

    [Fact]
    public void UnlimitedAdmitsWithTheRequestedMaxTokens()
    {
        var decision = Build(KeyLimits.None).Admit(Ask());
        Assert.True(decision.IsAdmitted);
        Assert.Equal(1000, decision.EffectiveMaxTokens);
        Assert.False(decision.Reservation!.WasCapped);
    }

    [Fact]
    public void ModelDefaultMaxTokensIsUsedWhenTheRequestNamesNone()
    {
        var model = new ModelRecord("m", [], 8192, 512, default, DateTimeOffset.UnixEpoch);
        Assert.Equal(512, AdmissionRequest.For(10, null, model, Price).MaxTokens);
        Assert.Equal(7, AdmissionRequest.For(10, 7, model, Price).MaxTokens);
    }

    [Fact]
    public void RequestsPerMinuteRefusesWithRateLimitExceeded()
    {
        var admission = Build(new KeyLimits(RequestsPerMinute: 2));
        Assert.True(admission.Admit(Ask()).IsAdmitted);
        Assert.True(admission.Admit(Ask()).IsAdmitted);

        var refused = admission.Admit(Ask());
        Assert.False(refused.IsAdmitted);
        Assert.Equal(LimitScope.Key, refused.Refusal!.Scope);
        Assert.Equal(LimitKind.Requests, refused.Refusal.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Refusal.RetryAfter);
        var error = refused.Refusal.ToError();
        Assert.Equal(ErrorKind.RateLimited, error.Kind);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.Equal(30, error.RetryAfterSeconds);
        Assert.Equal(429, error.HttpStatus);
        Assert.Contains("key requests per minute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DailyCostBudgetRefusesAtTheLimitUntilMidnight()
    {
        var admission = Build(new KeyLimits(DailyCostMicros: 2100));
        Assert.True(admission.Admit(Ask()).IsAdmitted);

        var refused = admission.Admit(Ask());
        Assert.False(refused.IsAdmitted);
        var error = refused.Refusal!.ToError();
        Assert.Equal(ErrorKind.BudgetExceeded, error.Kind);
        Assert.Equal("budget_exceeded", error.Code);
        Assert.Contains("key daily cost budget", error.Message, StringComparison.Ordinal);
        Assert.Equal(12 * 3600, error.RetryAfterSeconds);

        _time.Advance(TimeSpan.FromHours(12));
        Assert.True(admission.Admit(Ask()).IsAdmitted);
    }

    [Fact]
    public void TenantRefusalRollsBackWhatTheKeyReserved()
    {
        var admission = Build(
            new KeyLimits(RequestsPerMinute: 10, TokensPerMinute: 10_000, DailyCostMicros: 10_000, MonthlyTokens: 10_000),
            new KeyLimits(RequestsPerMinute: 10, MonthlyTokens: 100));

        var refused = admission.Admit(Ask());

        Assert.False(refused.IsAdmitted);
        Assert.Equal(LimitScope.Tenant, refused.Refusal!.Scope);
        Assert.Equal(LimitKind.MonthlyTokens, refused.Refusal.Kind);
        Assert.Contains("tenant monthly token budget", refused.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(10, admission.Key.Requests!.Snapshot().Remaining);
        Assert.Equal(10, admission.Tenant.Requests!.Snapshot().Remaining);
        Assert.Equal(10_000, admission.Key.Tokens!.Snapshot().Remaining);
        Assert.Equal(0, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(0, admission.Key.MonthlyTokens!.Snapshot().Used);
    }

    [Fact]
    public void SettleReleasesTheUnusedReservation()
    {
        var admission = Build(new KeyLimits(TokensPerMinute: 10_000, DailyCostMicros: 10_000, MonthlyCostMicros: 50_000, MonthlyTokens: 100_000));
        var reservation = admission.Admit(Ask()).Reservation!;
        Assert.Equal(2100, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(10_000 - 1100, admission.Key.Tokens!.Snapshot().Remaining);

        Assert.True(admission.Settle(reservation, actualPromptTokens: 100, actualCompletionTokens: 50, actualCostMicros: 200));

        Assert.Equal(200, admission.Key.DailyCost.Snapshot().Used);
        Assert.Equal(200, admission.Key.MonthlyCost!.Snapshot().Used);
        Assert.Equal(150, admission.Key.MonthlyTokens!.Snapshot().Used);
        Assert.Equal(10_000 - 150, admission.Key.Tokens.Snapshot().Remaining);
        Assert.False(admission.Settle(reservation, 100, 50, 200));
        Assert.Equal(200, admission.Key.DailyCost.Snapshot().Used);
    }

    [Fact]
    public void SettleChargesUsageAboveTheEstimate()
    {
        var admission = Build(new KeyLimits(DailyCostMicros: 10_000));
        var reservation = admission.Admit(Ask()).Reservation!;
        admission.Settle(reservation, 300, 1000, 2300);
        Assert.Equal(2300, admission.Key.DailyCost!.Snapshot().Used);
    }

    [Fact]
    public void RollbackUndoesEverythingIncludingTheRequest()
    {
        var admission = Build(new KeyLimits(RequestsPerMinute: 5, DailyCostMicros: 10_000), new KeyLimits(MonthlyTokens: 5000));
        var reservation = admission.Admit(Ask()).Reservation!;
        Assert.True(admission.Rollback(reservation));
        Assert.Equal(5, admission.Key.Requests!.Snapshot().Remaining);
        Assert.Equal(0, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(0, admission.Tenant.MonthlyTokens!.Snapshot().Used);
        Assert.False(admission.Rollback(reservation));
    }

    [Fact]
    public void MaxTokensIsCappedToWhatTheCostBudgetCanPayFor()
    {
        // 100 prompt tokens cost 100; 1000 micros remain for output at 2 per token → 500 tokens.
        var admission = Build(new KeyLimits(DailyCostMicros: 1100, TokensPerMinute: 100_000));
        var decision = admission.Admit(Ask(100, 1000));

        Assert.True(decision.IsAdmitted);
        Assert.Equal(500, decision.EffectiveMaxTokens);
        Assert.True(decision.Reservation!.WasCapped);
        Assert.True(Price.CostMicros(100, decision.EffectiveMaxTokens) <= 1100);
        Assert.Equal(1100, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(100_000 - 600, admission.Key.Tokens!.Snapshot().Remaining);

        var next = admission.Admit(Ask(100, 1000));
        Assert.Equal(LimitKind.DailyCost, next.Refusal!.Kind);
    }

    [Fact]
    public void RefusesWhenThePromptPlusOneTokenDoesNotFit()
    {
        var admission = Build(new KeyLimits(MonthlyCostMicros: 101));
        var refused = admission.Admit(Ask(100, 1000));
        Assert.False(refused.IsAdmitted);
        Assert.Equal(LimitKind.MonthlyCost, refused.Refusal!.Kind);
        Assert.Contains("key monthly cost budget", refused.Refusal.Message, StringComparison.Ordinal);

        Assert.Equal(1, Build(new KeyLimits(MonthlyCostMicros: 102)).Admit(Ask(100, 1000)).EffectiveMaxTokens);
    }

    [Fact]
    public void TheTightestCostBudgetCapsAndEveryBudgetReservesTheCappedCost()
    {
        var admission = Build(new KeyLimits(DailyCostMicros: 1100), new KeyLimits(MonthlyCostMicros: 700));
        var decision = admission.Admit(Ask(100, 1000));

        Assert.Equal(300, decision.EffectiveMaxTokens);
        Assert.Equal(700, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(700, admission.Tenant.MonthlyCost!.Snapshot().Used);
    }

    [Theory]
    [InlineData(150_000, 600_000, 1000, 1234)]
    [InlineData(3_000_000, 15_000_000, 77_777, 5_000)]
    [InlineData(1, 7, 5, 3)]
    [InlineData(2_500_000, 10_000_000, 123_457, 40_000)]
    public void CappedWorstCaseFitsAndOneMoreTokenWouldNot(long inputPrice, long outputPrice, long budget, long prompt)
    {
        var price = new ModelPrice("m", inputPrice, outputPrice, DateTimeOffset.UnixEpoch);
        var admission = Build(new KeyLimits(DailyCostMicros: budget));
        var decision = admission.Admit(new AdmissionRequest(prompt, 10_000_000, price));

        Assert.True(decision.IsAdmitted);
        var capped = decision.EffectiveMaxTokens;
        Assert.True(price.CostMicros(prompt, capped) <= budget);
        Assert.True(admission.Key.DailyCost!.Snapshot().Used <= budget);
        var unroundedOneMore = ((decimal)prompt * inputPrice + (decimal)(capped + 1) * outputPrice) / 1_000_000m;
        Assert.True(unroundedOneMore > budget);
    }

    [Fact]
    public async Task ConcurrentAdmissionsNeverOverspendABudget()
    {
        var admission = Build(new KeyLimits(DailyCostMicros: 1_000_000));
        var admitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() =>
        {
            if (admission.Admit(Ask()).IsAdmitted)
            {
                Interlocked.Increment(ref admitted);
            }
        })));

        // 476 full requests (2100 each) and one capped to the last 400 micros.
        Assert.Equal(477, admitted);
        Assert.Equal(1_000_000, admission.Key.DailyCost!.Snapshot().Used);
    }

    [Fact]
    public async Task KeysSharingATenantNeverOverspendItUnderConcurrency()
    {
        var tenant = new LimitSet(LimitScope.Tenant, new KeyLimits(MonthlyCostMicros: 210_000, RequestsPerMinute: 1000), _time);
        var keys = Enumerable.Range(0, 4)
            .Select(_ => new Admission(new LimitSet(LimitScope.Key, new KeyLimits(DailyCostMicros: 1_000_000), _time), tenant, _time))
            .ToArray();
        var admitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() =>
        {
            if (keys[i % keys.Length].Admit(Ask()).IsAdmitted)
            {
                Interlocked.Increment(ref admitted);
            }
        })));

        Assert.True(tenant.MonthlyCost!.Snapshot().Used <= 210_000);
        Assert.Equal(100, admitted);
        Assert.All(keys, k => Assert.True(k.Key.DailyCost!.Snapshot().Used <= 1_000_000));
        Assert.Equal(admitted, 1000 - tenant.Requests!.Snapshot().Remaining);
    }

    [Fact]
    public void MonthlyTokenBudgetCapsMaxTokensAndCostFollowsTheCap()
    {
        var admission = Build(new KeyLimits(DailyCostMicros: 10_000, TokensPerMinute: 10_000), new KeyLimits(MonthlyTokens: 400));
        var decision = admission.Admit(Ask(100, 1000));

        Assert.Equal(300, decision.EffectiveMaxTokens);
        Assert.Equal(400, admission.Tenant.MonthlyTokens!.Snapshot().Used);
        Assert.Equal(Price.CostMicros(100, 300), admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(10_000 - 400, admission.Key.Tokens!.Snapshot().Remaining);
        Assert.Equal(LimitKind.MonthlyTokens, admission.Admit(Ask(1, 1)).Refusal!.Kind);
    }

    [Fact]
    public void ARequestLargerThanTheTokenBucketIsRefusedAsTooLarge()
    {
        var admission = Build(new KeyLimits(TokensPerMinute: 500));
        var refused = admission.Admit(Ask(100, 1000));
        Assert.Equal(LimitKind.Tokens, refused.Refusal!.Kind);
        Assert.Contains("too large", refused.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, refused.Refusal.RetryAfter);
        Assert.Equal(1, refused.Refusal.RetryAfterSeconds);
    }

    [Fact]
    public void SettleAfterMidnightLeavesTheNewDayAlone()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero));
        var admission = Build(new KeyLimits(DailyCostMicros: 10_000, MonthlyCostMicros: 100_000));
        var reservation = admission.Admit(Ask()).Reservation!;

        _time.Advance(TimeSpan.FromMinutes(2));
        admission.Settle(reservation, 100, 10, 120);

        Assert.Equal(0, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(0, admission.Key.MonthlyCost!.Snapshot().Used);
    }

    [Fact]
    public void TokensPerMinuteRefusalNamesTheTenantBucket()
    {
        var admission = Build(KeyLimits.None, new KeyLimits(TokensPerMinute: 1500));
        Assert.True(admission.Admit(Ask()).IsAdmitted);
        var refused = admission.Admit(Ask());
        Assert.Equal(LimitKind.Tokens, refused.Refusal!.Kind);
        Assert.Equal(LimitScope.Tenant, refused.Refusal.Scope);
        Assert.Equal("rate_limit_exceeded", refused.Refusal.ToError().Code);
        Assert.Contains("tenant tokens per minute", refused.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadersComeFromTheKeyBuckets()
    {
        var admission = Build(new KeyLimits(RequestsPerMinute: 60, TokensPerMinute: 6000));
        admission.Admit(Ask());
        var headers = admission.Headers().ToPairs().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("60", headers["x-ratelimit-limit-requests"]);
        Assert.Equal("59", headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("1s", headers["x-ratelimit-reset-requests"]);
        Assert.Equal("6000", headers["x-ratelimit-limit-tokens"]);
        Assert.Equal("4900", headers["x-ratelimit-remaining-tokens"]);
        Assert.Equal("11s", headers["x-ratelimit-reset-tokens"]);
    }

    [Fact]
    public void ACacheHitTakesARequestAndReservesTheCachePriceInTheCostBudgetsOnly()
    {
        var price = Price with { CacheHitMicros = 400 };
        var admission = Build(new KeyLimits(RequestsPerMinute: 10, TokensPerMinute: 10, DailyCostMicros: 1_000, MonthlyTokens: 10), new KeyLimits(MonthlyCostMicros: 1_000));

        var first = admission.Admit(new AdmissionRequest(0, 0, price));
        var second = admission.Admit(new AdmissionRequest(0, 0, price));
        var third = admission.Admit(new AdmissionRequest(0, 0, price));

        Assert.True(first.IsAdmitted && second.IsAdmitted);
        Assert.False(third.IsAdmitted);
        Assert.Equal(LimitKind.DailyCost, third.Refusal!.Kind);
        Assert.Equal(800, admission.Key.DailyCost!.Snapshot().Used);
        Assert.Equal(800, admission.Tenant.MonthlyCost!.Snapshot().Used);
        Assert.Equal(0, admission.Key.MonthlyTokens!.Snapshot().Used);
        Assert.True(admission.Settle(first.Reservation!, 0, 0, 400));
        Assert.Equal(800, admission.Key.DailyCost!.Snapshot().Used);
    }

    [Fact]
    public void AFreeCacheHitTouchesNoBudget()
    {
        var admission = Build(new KeyLimits(DailyCostMicros: 0));

        var hit = admission.Admit(new AdmissionRequest(0, 0, Price));

        Assert.True(hit.IsAdmitted);
        Assert.Equal(0, admission.Key.DailyCost!.Snapshot().Used);
    }
}
