using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Quotas;
using KeyLimits = GatoLink.Grains.Abstractions.Keys.Limits;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>Admission over leased slices of one central store, as three silos would run it.</summary>
public sealed class LeasedAdmissionTests
{
    private static readonly ModelPrice Price = new("m", 1_000_000, 2_000_000, DateTimeOffset.MinValue); // 1 and 2 micro-dollars a token

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryQuotaLeaseStore _store;

    public LeasedAdmissionTests() => _store = new InMemoryQuotaLeaseStore(_time);

    private LeasedAdmission Silo(string silo, KeyLimits keyLimits, KeyLimits? tenantLimits = null)
    {
        LeasedCounter Create(QuotaId quota) => new(_store, quota, silo, () => 3, new LeaseOptions { MinimumGrant = 4 }, _time);
        var key = new ScopeQuotas(LimitScope.Key, "k", Create);
        key.Apply(keyLimits);
        var tenant = new ScopeQuotas(LimitScope.Tenant, "t", Create);
        tenant.Apply(tenantLimits ?? KeyLimits.None);
        return new LeasedAdmission(key, tenant, _time);
    }

    [Fact]
    public async Task ThreeSilosAdmitExactlyTheRpmOfTheKeyWhileTimeStandsStill()
    {
        var silos = new[] { "a", "b", "c" }.Select(s => Silo(s, new KeyLimits(RequestsPerMinute: 100))).ToArray();

        var admitted = 0;
        for (var i = 0; i < 300; i++)
        {
            if ((await silos[i % 3].AdmitAsync(new AdmissionRequest(5, 10, Price), default)).IsAdmitted)
            {
                admitted++;
            }
        }

        Assert.Equal(100, admitted);
    }

    [Fact]
    public async Task TheBucketRefillsFromElapsedTimeButNeverAboveCapacityAcrossSilos()
    {
        var silos = new[] { "a", "b", "c" }.Select(s => Silo(s, new KeyLimits(RequestsPerMinute: 60))).ToArray();
        for (var i = 0; i < 200; i++)
        {
            await silos[i % 3].AdmitAsync(new AdmissionRequest(5, 10, Price), default);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        var afterTen = 0;
        for (var i = 0; i < 200; i++)
        {
            if ((await silos[i % 3].AdmitAsync(new AdmissionRequest(5, 10, Price), default)).IsAdmitted)
            {
                afterTen++;
            }
        }

        Assert.InRange(afterTen, 1, 10);
    }

    [Fact]
    public async Task ACostBudgetIsNeverOverspentAndTheLastRequestIsCapped()
    {
        var silos = new[] { "a", "b", "c" }.Select(s => Silo(s, new KeyLimits(DailyCostMicros: 10_000))).ToArray();
        long spent = 0;
        var capped = 0;
        for (var i = 0; i < 60; i++)
        {
            var admission = silos[i % 3];
            var decision = await admission.AdmitAsync(new AdmissionRequest(10, 400, Price), default);
            if (decision.Reservation is { } r)
            {
                capped += r.WasCapped ? 1 : 0;
                var cost = Price.CostMicros(10, r.MaxTokens);
                spent += cost;
                admission.Settle(r, 10, r.MaxTokens, cost);
            }
            else
            {
                Assert.False(decision.Refusal!.IsRateLimit);
            }
        }

        Assert.InRange(spent, 1, 10_000);
        Assert.True(capped > 0);
    }

    [Fact]
    public async Task RaisingALimitKeepsWhatWasUsed()
    {
        var key = new ScopeQuotas(LimitScope.Key, "k", q => new LeasedCounter(_store, q, "a", () => 1, new LeaseOptions { MinimumGrant = 4 }, _time));
        key.Apply(new KeyLimits(MonthlyTokens: 100));
        var admission = new LeasedAdmission(key, new ScopeQuotas(LimitScope.Tenant, "t", q => throw new InvalidOperationException()), _time);
        var first = await admission.AdmitAsync(new AdmissionRequest(0, 100, Price), default);
        admission.Settle(first.Reservation!, 0, 100, 0);

        key.Apply(new KeyLimits(MonthlyTokens: 150));
        var second = await admission.AdmitAsync(new AdmissionRequest(0, 100, Price), default);

        Assert.True(second.IsAdmitted);
        Assert.Equal(50, second.EffectiveMaxTokens);
    }
}
