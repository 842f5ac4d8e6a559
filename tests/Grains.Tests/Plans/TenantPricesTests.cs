using GatoLink.Grains.Tests.Placement;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;

namespace GatoLink.Grains.Tests.Plans;

/// <summary>What a tenant pays for a model: its plan's token prices where the plan has them, the model's otherwise, and the model's per-hit cache price either way.</summary>
public sealed class TenantPricesTests
{
    private readonly PlacementFixture _models = new();
    private readonly TenantDirectory _tenants = new();
    private readonly PlanDirectory _plans = new();

    [Fact]
    public void APlanPricesTheModelsTokensAndKeepsItsCachePricePerHit()
    {
        var start = _models.Time.GetUtcNow();
        _models.Model.Prices.Add(new ModelPrice("m", 1_000_000, 2_000_000, start, CacheHitMicros: 250));
        _plans.Upsert(new PlanRecord("discount", 1, 0, 0, Limits.None, OveragePolicy.Overage, BillingMode.Postpaid, start, [new PlanModelPrice("m", 500_000, 700_000)]));
        var onPlan = Tenant("discount");
        var without = Tenant(plan: null);
        var prices = new TenantPrices(_tenants, _plans);

        var planned = prices.At(onPlan, _models.Model, start)!;
        var listed = prices.At(without, _models.Model, start)!;

        Assert.Equal((500_000L, 700_000L, 250L), (planned.InputMicrosPerMillion, planned.OutputMicrosPerMillion, planned.CacheHitMicros));
        Assert.Equal((1_000_000L, 2_000_000L, 250L), (listed.InputMicrosPerMillion, listed.OutputMicrosPerMillion, listed.CacheHitMicros));
    }

    [Fact]
    public void APlanPricedModelWithoutAListedPriceHasNoCachePrice()
    {
        var start = _models.Time.GetUtcNow();
        _plans.Upsert(new PlanRecord("discount", 1, 0, 0, Limits.None, OveragePolicy.Overage, BillingMode.Postpaid, start, [new PlanModelPrice("m", 500_000, 700_000)]));
        var prices = new TenantPrices(_tenants, _plans);

        Assert.Equal(0, prices.At(Tenant("discount"), _models.Model, start)!.CacheHitMicros);
        Assert.Null(prices.At(Tenant(plan: null), _models.Model, start));
    }

    private Guid Tenant(string? plan)
    {
        var id = Guid.NewGuid();
        _tenants.Upsert(new TenantRecord(id, "t-" + id.ToString("N")[..6], Limits.None, false, _models.Time.GetUtcNow(), Billing: new TenantBilling(plan, BillingMode.Postpaid, null, null)));
        return id;
    }
}
