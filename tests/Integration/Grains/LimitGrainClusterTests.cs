using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>Key and tenant grains on a three-silo Orleans cluster, with the key grain's silo killed mid-flood.</summary>
public sealed class LimitGrainClusterTests
{
    // 1 micro-dollar per token both ways: a request of 10 prompt + 40 output tokens costs 50 micros.
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task AKeyGrainKilledMidFloodNeverOverspendsItsBudgetAndRpmStaysWithinOneBucket()
    {
        await using var grains = await GrainCluster.StartAsync(3);
        const int Rpm = 120;
        const long Budget = 3_000;
        var (tenant, key) = await grains.CreateKeyAsync(new Limits(RequestsPerMinute: Rpm, DailyCostMicros: Budget));

        var admitted = 0;
        long billed = 0;
        var killed = false;
        for (var i = 0; i < 400; i++)
        {
            var grain = grains.FactoryOf(i).GetGrain<IApiKeyGrain>(key.Id);
            if (!killed && admitted == 30)
            {
                // The silo that holds the key's counters dies: the next call re-activates the grain elsewhere,
                // rebuilt from the ledger.
                var host = grains.HostOf(grain);
                await grains.Cluster.KillSiloAsync(host);
                killed = true;
                grain = grains.FactoryOf(i).GetGrain<IApiKeyGrain>(key.Id);
            }

            AdmitResult result;
            try
            {
                result = await grain.Admit(new AdmitRequest(10, 40, Price, TenantLimited: false), CancellationToken.None);
            }
            catch (SiloUnavailableException)
            {
                // A call that raced the kill: refused, as the data plane's 503 would be.
                continue;
            }

            if (!result.Admitted)
            {
                continue;
            }

            admitted++;
            // What the gateway does for a served request: the usage event reaches the ledger, then the grain settles.
            var cost = Price.CostMicros(10, 40);
            await grains.Ledger.WriteAsync([Usage(tenant.Id, key.Id, cost)], CancellationToken.None);
            await grain.Settle(new Settlement(result.ReservationId, 10, 40, cost));
            billed += cost;
        }

        Assert.True(killed);
        Assert.True(billed <= Budget, $"billed {billed} micros on a {Budget} budget");
        Assert.Equal(Budget / Price.CostMicros(10, 40), admitted);
        Assert.True(admitted <= 2 * Rpm, $"admitted {admitted} with rpm {Rpm}: at most one bucket lost with the silo");
        var readings = await grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id).ReadLimits();
        Assert.Equal(billed, readings.Single(r => r.Kind == LimitKind.DailyCost).Used);
    }

    [Fact]
    public async Task ARequestFloodFromThreeSilosAdmitsExactlyTheRpmAndTheTenantCapsItsKeys()
    {
        await using var grains = await GrainCluster.StartAsync(3);
        var (tenant, first) = await grains.CreateKeyAsync(new Limits(RequestsPerMinute: 50), tenantLimits: new Limits(RequestsPerMinute: 70));
        var second = new ApiKeyRecord(Guid.NewGuid(), tenant.Id, "second", "gl-x", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), ApiKeyRole.User, ApiKeyStatus.Active, null, Limits.None, [], DateTimeOffset.UtcNow);
        await grains.Storage.ApiKeys.CreateAsync(second, CancellationToken.None);

        // The first key, called from all three silos at once, stops at its own 50.
        var firstAdmitted = await FloodAsync(grains, first.Id, 150);
        // The second key has no limit of its own: the tenant's 70 leaves it what the first key did not take.
        var secondAdmitted = await FloodAsync(grains, second.Id, 150);

        // Refill during the test's second or two adds at most a couple to each.
        Assert.InRange(firstAdmitted, 50, 52);
        Assert.InRange(firstAdmitted + secondAdmitted, 70, 73);
        var tenantReadings = await grains.FactoryOf(1).GetGrain<ITenantGrain>(tenant.Id).ReadLimits();
        Assert.InRange(tenantReadings.Single().Remaining, 0, 3);
    }

    [Fact]
    public async Task AnIdleKeyGrainIsDeactivatedAndComesBackWithItsBudgetFromTheLedger()
    {
        await using var grains = await GrainCluster.StartAsync(1, collectionAge: TimeSpan.FromSeconds(2));
        var (tenant, key) = await grains.CreateKeyAsync(new Limits(DailyCostMicros: 1_000));
        var grain = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id);
        var admitted = await grain.Admit(new AdmitRequest(10, 40, Price, TenantLimited: false), CancellationToken.None);
        await grains.Ledger.WriteAsync([Usage(tenant.Id, key.Id, 50)], CancellationToken.None);
        await grain.Settle(new Settlement(admitted.ReservationId, 10, 40, 50));

        // Nobody calls it: Orleans collects it after the collection age, and its memory goes with it.
        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (grains.Cluster.TryGetGrainContext(grain.GetGrainId(), out _))
        {
            await Task.Delay(100, idle.Token);
        }

        var readings = await grain.ReadLimits();
        Assert.Equal(50, readings.Single(r => r.Kind == LimitKind.DailyCost).Used);
    }

    [Fact]
    public async Task ABudgetGivenToAnActiveKeyStartsFromWhatTheKeySpentToday()
    {
        await using var grains = await GrainCluster.StartAsync(1);
        var (tenant, key) = await grains.CreateKeyAsync(new Limits(RequestsPerMinute: 100));
        var grain = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id);
        Assert.True((await grain.Admit(new AdmitRequest(10, 40, Price, TenantLimited: false), CancellationToken.None)).Admitted);
        await grains.Ledger.WriteAsync([Usage(tenant.Id, key.Id, 300)], CancellationToken.None);

        await grains.Storage.ApiKeys.UpdateAsync(key with { Limits = new Limits(RequestsPerMinute: 100, DailyCostMicros: 1_000) }, CancellationToken.None);
        await grain.Refresh();

        Assert.Equal(300, (await grain.ReadLimits()).Single(r => r.Kind == LimitKind.DailyCost).Used);
    }

    private static async Task<int> FloodAsync(GrainCluster grains, Guid keyId, int count)
    {
        var calls = Enumerable.Range(0, count).Select(i =>
            grains.FactoryOf(i).GetGrain<IApiKeyGrain>(keyId).Admit(new AdmitRequest(1, 1, Price, TenantLimited: true), CancellationToken.None));
        var results = await Task.WhenAll(calls);
        return results.Count(r => r.Admitted);
    }

    private static UsageEvent Usage(Guid tenantId, Guid keyId, long cost) => new(
        Guid.NewGuid(), "req", 1, tenantId, keyId, "m", "n", 10, 40, cost, UsageStatus.Success, 200, 1, 2, "test", DateTimeOffset.UtcNow);
}
