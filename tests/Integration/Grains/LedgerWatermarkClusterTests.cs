using GatoLink.Grains.Abstractions.Billing;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>
/// Budgets that stay exact when a key's grain moves while the ledger lags: the cluster's ledger mark, and a key grain
/// re-activated on another silo that completes its seed once the ledger holds everything recorded before it.
/// </summary>
public sealed class LedgerWatermarkClusterTests
{
    // 1 micro-dollar per token both ways: 10 prompt + 40 output tokens cost 50 micros.
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheClusterMarkIsUnknownUntilEveryLiveSiloReportedThenTheLeastAndADeadSiloDropsOut()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var first = grains.Cluster.Silos[0].SiloAddress;
        var second = grains.Cluster.Silos[1].SiloAddress;
        var mark = grains.FactoryOf(0).GetGrain<IUsageWatermarkGrain>(0);
        var t = new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

        Assert.Null(await mark.Report(first, t.AddSeconds(5)));
        Assert.Equal(t, await mark.Report(second, t));
        Assert.Equal(t.AddSeconds(5), await mark.Report(second, t.AddSeconds(9)));

        // The second silo dies holding the mark back; once the membership calls it dead, it no longer counts.
        Assert.Equal(t.AddSeconds(5), await mark.Report(first, t.AddSeconds(5)));
        await grains.Cluster.KillSiloAsync(grains.Cluster.Silos[1]);
        await grains.FactoryOf(0).GetGrain<IUsageWatermarkGrain>(0).Report(first, t.AddSeconds(10));
        using var wait = new CancellationTokenSource(Patience);
        DateTimeOffset? answer;
        while ((answer = await grains.FactoryOf(0).GetGrain<IUsageWatermarkGrain>(0).Report(first, t.AddSeconds(10))) != t.AddSeconds(10))
        {
            await Task.Delay(100, wait.Token);
        }

        Assert.Equal(t.AddSeconds(10), answer);
    }

    [Fact]
    public async Task AKeyGrainMovedWhileTheLedgerLagsEndsExactOnceTheMarkPassesItsActivation()
    {
        var watermark = new SettableWatermark();
        await using var grains = await GrainCluster.StartAsync(3, watermark: watermark);
        var (tenant, key) = await grains.CreateKeyAsync(new Limits(DailyCostMicros: 1_000_000), new Limits(DailyCostMicros: 1_000_000));
        var grain = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id);

        // Ten requests served and settled; their usage is still on its way to the ledger (a spool, the stream).
        var late = new List<UsageEvent>();
        for (var i = 0; i < 10; i++)
        {
            var admitted = await grain.Admit(new AdmitRequest(10, 40, Price, TenantLimited: true), CancellationToken.None);
            var usage = Usage(tenant.Id, key.Id, 50);
            late.Add(usage);
            await grain.Settle(Settlement.Of(admitted.ReservationId, admitted.TenantReservationId, [Part(usage)]));
        }

        // One more is admitted here and still running when the key grain's silo dies.
        var running = await grain.Admit(new AdmitRequest(10, 40, Price, TenantLimited: true), CancellationToken.None);
        Assert.Equal(550, await UsedAsync(grain));
        await grains.Cluster.KillSiloAsync(grains.HostOf(grain));

        // Re-activated elsewhere from a ledger that has none of it yet.
        grain = grains.FactoryOf(1).GetGrain<IApiKeyGrain>(key.Id);
        Assert.Equal(0, await UsedAsync(grain));

        // The running request ends on the new activation, which never saw its reservation: its usage counts.
        var finished = Usage(tenant.Id, key.Id, 30);
        await grain.Settle(Settlement.Of(running.ReservationId, running.TenantReservationId, [Part(finished)]));
        Assert.Equal(30, await UsedAsync(grain));

        // The ledger catches up (all of it, the last request too); the mark passes the activation.
        await grains.Ledger.WriteAsync([.. late, finished], CancellationToken.None);
        await Task.Delay(500);
        Assert.Equal(30, await UsedAsync(grain));
        watermark.BilledBefore = DateTimeOffset.UtcNow;

        using var wait = new CancellationTokenSource(Patience);
        while (await UsedAsync(grain) != 530)
        {
            await Task.Delay(50, wait.Token);
        }

        // Exact: every request once, whether the seed or a settlement counted it — and it stays so.
        await Task.Delay(500);
        Assert.Equal(530, await UsedAsync(grain));
        // The tenant's share too, whether its grain died with the key's (seeded likewise) or not (the running request's
        // reservation, named by the settlement, is replaced by what it used).
        var tenantGrain = grains.FactoryOf(2).GetGrain<ITenantGrain>(tenant.Id);
        while ((await tenantGrain.ReadLimits()).Single(r => r.Kind == LimitKind.DailyCost).Used != 530)
        {
            await Task.Delay(50, wait.Token);
        }
    }

    private static async Task<long> UsedAsync(IApiKeyGrain grain) =>
        (await grain.ReadLimits()).Single(r => r.Kind == LimitKind.DailyCost).Used;

    private static UsagePart Part(UsageEvent usage) => new(usage.Timestamp, usage.PromptTokens, usage.CompletionTokens, usage.CostMicros);

    private static UsageEvent Usage(Guid tenantId, Guid keyId, long cost) => new(
        Guid.NewGuid(), "req", 1, tenantId, keyId, "m", "n", 10, (int)cost - 10, cost, UsageStatus.Success, 200, 1, 2, "test", DateTimeOffset.UtcNow);

    /// <summary>The cluster's mark as the test sets it (in a silo, the usage stream's reporter).</summary>
    private sealed class SettableWatermark : ILedgerWatermark
    {
        private long _ticks = long.MinValue;

        public DateTimeOffset? BilledBefore
        {
            get => Volatile.Read(ref _ticks) is var t && t == long.MinValue ? null : new DateTimeOffset(t, TimeSpan.Zero);
            set => Volatile.Write(ref _ticks, value?.UtcTicks ?? long.MinValue);
        }
    }
}
