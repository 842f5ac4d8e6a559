using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>
/// A draining silo hands its key and tenant activations to the other silo with live grain migration: the new
/// activation counts on from the old one's budgets, buckets and open reservations. The ledger stays empty, so an
/// activation that re-read it instead would show nothing used and full buckets.
/// </summary>
public sealed class LimiterHandOffTests
{
    // 1 micro-dollar per token both ways: 10 prompt + 40 max_tokens reserve 50 micros.
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);

    // Three requests a minute: one comes back every 20 s, far longer than the test takes, so an emptied bucket stays empty.
    private const int Rpm = 3;
    private const long DailyBudget = 100_000;

    [Fact]
    public async Task AKeyGrainHandedOffKeepsItsBudgetBucketAndOpenReservation()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var key = await CreateKeyAsync(grains, new Limits(RequestsPerMinute: Rpm, DailyCostMicros: DailyBudget), Limits.None);
        var grain = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id);

        var open = await AdmitThreeSettleTwoAsync(grain, tenantLimited: false);
        var before = await grain.ReadLimits();
        // Settled 30 + 40, and 50 still reserved by the open one.
        Assert.Equal(120, Used(before, LimitKind.DailyCost));
        Assert.Equal(0, Remaining(before, LimitKind.Requests));

        var from = grains.HostOf(grain);
        var outcome = await grains.HandOffAsync(from);

        Assert.Equal(0, outcome.Failed);
        Assert.True(outcome.HandedOff >= 1, $"handed off {outcome.HandedOff}");
        var after = await grain.ReadLimits();
        Assert.NotEqual(from.SiloAddress, grains.HostOf(grain).SiloAddress);
        Assert.Equal(120, Used(after, LimitKind.DailyCost));
        Assert.Equal(0, Remaining(after, LimitKind.Requests));
        Assert.False((await grain.Admit(Request(tenantLimited: false), CancellationToken.None)).Admitted);

        // The reservation the old activation took settles on the new one: 70 settled before, plus its actual 25.
        await grain.Settle(new Settlement(open, 10, 15, 25));
        Assert.Equal(95, Used(await grain.ReadLimits(), LimitKind.DailyCost));
    }

    [Fact]
    public async Task ATenantGrainHandedOffKeepsItsBudgetBucketAndTheKeysLinkedReservation()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var key = await CreateKeyAsync(grains, Limits.None, new Limits(RequestsPerMinute: Rpm, DailyCostMicros: DailyBudget));
        var grain = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id);
        var tenant = grains.FactoryOf(0).GetGrain<ITenantGrain>(key.TenantId);

        var open = await AdmitThreeSettleTwoAsync(grain, tenantLimited: true);
        var before = await tenant.ReadLimits();
        Assert.Equal(120, Used(before, LimitKind.DailyCost));
        Assert.Equal(0, Remaining(before, LimitKind.Requests));

        var from = grains.HostOf(tenant);
        var outcome = await grains.HandOffAsync(from);

        Assert.Equal(0, outcome.Failed);
        Assert.True(outcome.HandedOff >= 1, $"handed off {outcome.HandedOff}");
        var after = await tenant.ReadLimits();
        Assert.NotEqual(from.SiloAddress, grains.HostOf(tenant).SiloAddress);
        Assert.Equal(120, Used(after, LimitKind.DailyCost));
        Assert.Equal(0, Remaining(after, LimitKind.Requests));
        Assert.False((await grain.Admit(Request(tenantLimited: true), CancellationToken.None)).Admitted);

        // The key settles its open reservation and passes it on to the tenant's, which the new activation holds.
        await grain.Settle(new Settlement(open, 10, 15, 25));
        Assert.Equal(95, Used(await tenant.ReadLimits(), LimitKind.DailyCost));
    }

    [Fact]
    public async Task EveryKeyKeepsItsBudgetAndOpenReservationWhenASiloDrainsAndStops()
    {
        await using var grains = await GrainCluster.StartAsync(3);
        const int Keys = 30;
        var keys = new List<(Guid Id, Guid Open)>();
        for (var i = 0; i < Keys; i++)
        {
            var key = await CreateKeyAsync(grains, new Limits(DailyCostMicros: DailyBudget), Limits.None);
            var grain = grains.FactoryOf(i).GetGrain<IApiKeyGrain>(key.Id);
            var settled = await grain.Admit(Request(tenantLimited: false), CancellationToken.None);
            var open = await grain.Admit(Request(tenantLimited: false), CancellationToken.None);
            await grain.Settle(new Settlement(settled.ReservationId, 10, 20, 30));
            keys.Add((key.Id, open.ReservationId));
        }

        // What a draining silo does: hand its activations off, then stop. Orleans then also deactivates the activations
        // elsewhere whose directory entry that silo held (when it notices); those move with their counters too.
        var leaving = grains.Cluster.Silos[^1];
        await grains.HandOffAsync(leaving);
        await grains.Cluster.StopSiloAsync(leaving);

        foreach (var (id, open) in keys)
        {
            // Called from the first silo, which stays.
            var grain = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(id);
            Assert.Equal(80, Used(await grain.ReadLimits(), LimitKind.DailyCost));
            await grain.Settle(new Settlement(open, 10, 15, 25));
            Assert.Equal(55, Used(await grain.ReadLimits(), LimitKind.DailyCost));
        }
    }

    /// <summary>Three admitted requests of 50 micros: two settle at 30 and 40, the third stays open.</summary>
    private static async Task<Guid> AdmitThreeSettleTwoAsync(IApiKeyGrain grain, bool tenantLimited)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var result = await grain.Admit(Request(tenantLimited), CancellationToken.None);
            Assert.True(result.Admitted, result.Refusal?.Message);
            ids.Add(result.ReservationId);
        }

        await grain.Settle(new Settlement(ids[0], 10, 20, 30));
        await grain.Settle(new Settlement(ids[1], 10, 30, 40));
        return ids[2];
    }

    private static AdmitRequest Request(bool tenantLimited) => new(10, 40, Price, tenantLimited);

    private static long Used(LimitReading[] readings, LimitKind kind) => readings.Single(r => r.Kind == kind).Used;

    private static long Remaining(LimitReading[] readings, LimitKind kind) => readings.Single(r => r.Kind == kind).Remaining;

    private static async Task<ApiKeyRecord> CreateKeyAsync(GrainCluster grains, Limits limits, Limits tenantLimits)
    {
        var tenant = new TenantRecord(Guid.NewGuid(), $"t-{Guid.NewGuid():N}", tenantLimits, false, DateTimeOffset.UtcNow);
        await grains.Storage.Tenants.CreateAsync(tenant, CancellationToken.None);
        var key = new ApiKeyRecord(Guid.NewGuid(), tenant.Id, "k", "gl-k", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), ApiKeyRole.User, ApiKeyStatus.Active, null, limits, [], DateTimeOffset.UtcNow);
        await grains.Storage.ApiKeys.CreateAsync(key, CancellationToken.None);
        return key;
    }
}
