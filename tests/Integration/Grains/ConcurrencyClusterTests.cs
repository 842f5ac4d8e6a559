using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Integration.Tests.Grains;

/// <summary><c>max_concurrent</c> on a three-silo Orleans cluster: exact across silos, and a killed silo's slots come back.</summary>
public sealed class ConcurrencyClusterTests
{
    private static readonly ModelPrice Price = new("m", 1_000_000, 1_000_000, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task ACapOfFiveHitFromThreeSilosAtOnceNeverAdmitsASixthAndAKilledSilosSlotsComeBackWithinSeconds()
    {
        await using var grains = await GrainCluster.StartAsync(3);
        var (_, key) = await grains.CreateKeyAsync(new Limits(MaxConcurrent: 5));
        var probe = grains.FactoryOf(0).GetGrain<IApiKeyGrain>(key.Id);
        await probe.ReadLimits();
        var host = grains.HostOf(probe);
        var living = grains.Cluster.Silos.IndexOf(host);
        var doomed = grains.Cluster.Silos.First(s => !s.SiloAddress.Equals(host.SiloAddress));

        // Sixty admissions at once, twenty from each silo, each naming the silo that runs it.
        var flood = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => AdmitAsync(grains, i % 3, key.Id, grains.Cluster.Silos[i % 3].SiloAddress)));
        var admitted = flood.Where(r => r.Admitted).ToList();
        Assert.Equal(5, admitted.Count);
        Assert.All(flood.Where(r => !r.Admitted), r => Assert.Equal("concurrency_limit_exceeded", r.Refusal!.Code));
        foreach (var running in admitted)
        {
            await probe.Settle(new Settlement(running.ReservationId, 1, 1, 2));
        }

        // Three requests run on the doomed silo and two on the grain's own; the doomed silo is killed.
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await AdmitAsync(grains, living, key.Id, doomed.SiloAddress)).Admitted);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.True((await AdmitAsync(grains, living, key.Id, host.SiloAddress)).Admitted);
        }

        Assert.False((await AdmitAsync(grains, living, key.Id, host.SiloAddress)).Admitted);
        await grains.Cluster.KillSiloAsync(doomed);

        // Once the cluster declares it dead, its three slots come back (and only those): no settlement will ever come.
        var started = TimeProvider.System.GetTimestamp();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        AdmitResult next;
        while (!(next = await AdmitAsync(grains, living, key.Id, host.SiloAddress)).Admitted)
        {
            await Task.Delay(100, deadline.Token);
        }

        var waited = TimeProvider.System.GetElapsedTime(started);
        var more = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            more.Add((await AdmitAsync(grains, living, key.Id, host.SiloAddress)).Admitted);
        }

        Assert.True(next.Admitted);
        Assert.Equal([true, true, false], more);
        Assert.True(waited < TimeSpan.FromSeconds(30), $"the dead silo's slots came back after {waited}");
    }

    private static Task<AdmitResult> AdmitAsync(GrainCluster grains, int from, Guid keyId, SiloAddress runsOn) =>
        grains.FactoryOf(from).GetGrain<IApiKeyGrain>(keyId).Admit(new AdmitRequest(1, 1, Price, TenantLimited: false, Guid.NewGuid(), runsOn), CancellationToken.None);
}
