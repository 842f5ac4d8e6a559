using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>The node grain on a two-silo cluster: the one scraper of a real NodeSim node, summing every silo's share.</summary>
public sealed class GpuNodeGrainClusterTests
{
    [Fact]
    public async Task TheNodeGrainScrapesTheNodeAndEachSiloSeesTheOthersRequestsInFlight()
    {
        await using var sims = await SimNodes.StartAsync(1);
        await using var grains = await GrainCluster.StartAsync(2);
        var record = new GpuNodeRecord("sim-1", sims.Urls[0], EngineKind.Vllm, ["demo-8b"], 80, new Dictionary<string, string>(), false, DateTimeOffset.UtcNow);
        await grains.Storage.Nodes.UpsertAsync(record, CancellationToken.None);

        var fromA = grains.FactoryOf(0).GetGrain<IGpuNodeGrain>("sim-1");
        var fromB = grains.FactoryOf(1).GetGrain<IGpuNodeGrain>("sim-1");
        await fromA.Sync(new NodeSiloReport("silo-a", 3, 300));
        var view = await Wait.UntilAsync(() => fromB.Sync(new NodeSiloReport("silo-b", 2, 200)), v => v.Sample is not null, TimeSpan.FromSeconds(10));

        Assert.Equal(3, view.OthersInFlight);
        Assert.Equal(300, view.OthersInFlightTokens);
        Assert.True(view.SampleNumber > 0);
        Assert.Equal(0, view.ScrapeFailures);
        Assert.NotNull(view.Sample!.KvCapacityTokens);

        var seenByA = await fromA.Sync(new NodeSiloReport("silo-a", 3, 300));
        Assert.Equal(2, seenByA.OthersInFlight);

        // Upstream failures seen by silo A open the cluster's circuit for silo B too; a good answer closes it.
        await fromA.Sync(new NodeSiloReport("silo-a", 3, 300, Failures: 3));
        Assert.True((await fromB.Sync(new NodeSiloReport("silo-b", 2, 200))).CircuitOpenFor > TimeSpan.Zero);
        await fromB.Sync(new NodeSiloReport("silo-b", 2, 200, Successes: 1));
        Assert.Equal(TimeSpan.Zero, (await fromA.Sync(new NodeSiloReport("silo-a", 3, 300))).CircuitOpenFor);

        // The node goes away: the grain's scrapes fail and every silo sees the failures count up.
        await sims.DisposeAsync();
        var failing = await Wait.UntilAsync(() => fromA.Sync(new NodeSiloReport("silo-a", 0, 0)), v => v.ScrapeFailures > 2, TimeSpan.FromSeconds(10));
        Assert.NotNull(failing.Sample);
    }
}
