using GatoLink.Grains.Tests.Quotas;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>A silo's replica of a node, fed by the node grain's views.</summary>
public sealed class NodeReplicaViewTests
{
    private static (NodeReplica Node, FakeTimeProvider Time) Build() => Build(out _);

    private static (NodeReplica Node, FakeTimeProvider Time) Build(out CapacitySignal signal)
    {
        var time = new FakeTimeProvider();
        var nodes = new NodeDirectory(time, new NodeHealthOptions());
        signal = nodes.Signal;
        var node = nodes.Upsert(new GpuNodeRecord("n", new Uri("http://n/"), EngineKind.Vllm, ["m"], 0, new Dictionary<string, string>(), false, time.GetUtcNow()));
        return (node, time);
    }

    [Fact]
    public void ANewScrapeOnceAppliedWakesTheRequestsWaitingForANodeToLeaveSaturation()
    {
        var (node, _) = Build(out var signal);
        signal.Enter();
        node.Apply(View(new NodeLoadSample(2, 8, 0.97, 1000), 1));
        var pulse = signal.NextPulse;

        // The same scrape again (a sync between two scrapes) changes nothing and wakes nobody.
        node.Apply(View(new NodeLoadSample(2, 8, 0.97, 1000), 1));
        Assert.False(pulse.IsCompleted);

        // The next scrape (KV freed) wakes the waiters, and what they read then is the new scrape.
        node.Apply(View(new NodeLoadSample(0, 6, 0.5, 1000), 2));
        Assert.True(pulse.IsCompleted);
        Assert.Equal(0.5, node.LiveLoad(new PlacementOptions().StaleAfter).KvUsage);
        signal.Leave();
    }

    private static NodeView View(NodeLoadSample? sample, long number, TimeSpan age = default, int failures = 0, int others = 0, int othersAtScrape = 0) =>
        new(sample, number, age, failures, others, others * 10L, othersAtScrape, []);

    [Fact]
    public void AScrapeFromTheGrainIsFreshAndAgesIntoStalenessFromTheGrainsAge()
    {
        var (node, time) = Build();
        var stale = new PlacementOptions().StaleAfter;
        node.Apply(View(new NodeLoadSample(2, 3, 0.5, 1000), 1, age: TimeSpan.FromMilliseconds(500)));
        Assert.Equal(NodeLoadState.Fresh, node.LoadState(stale));
        // It queues: its three running are all it runs, no slot is free.
        Assert.Equal(new NodeLiveLoad(2, 3, 0.5, true, FreeSlots: 0), node.LiveLoad(stale));
        // The sample was already half a second old at the grain: it goes stale half a second sooner here.
        time.Advance(stale - TimeSpan.FromMilliseconds(400));
        Assert.Equal(NodeLoadState.Stale, node.LoadState(stale));
    }

    [Fact]
    public void FailedScrapesAreCountedAndTheLastSampleIsKept()
    {
        var (node, _) = Build();
        node.Apply(View(new NodeLoadSample(1, 1, 0.1), 1));
        node.Apply(View(new NodeLoadSample(1, 1, 0.1), 1, failures: 2));
        Assert.Equal(2, node.ScrapeFailures);
        Assert.Equal(1, node.LastSample!.Waiting);
    }

    [Fact]
    public void TheOtherSilosRequestsSentSinceTheScrapeCountInTheQueueAndInFlight()
    {
        var (node, _) = Build();
        var stale = new PlacementOptions().StaleAfter;
        // The node was seen running 4 with nothing waiting (batch of 4 seen), other silos had 1 in flight then.
        node.Apply(View(new NodeLoadSample(0, 4, 0.2, 1000), 1, others: 1, othersAtScrape: 1));
        Assert.Equal(0, node.LiveLoad(stale).Queue);
        // Since the scrape the other silos sent 3 more and this silo 1: 4 sends on a full node queue.
        node.Apply(View(new NodeLoadSample(0, 4, 0.2, 1000), 1, others: 4, othersAtScrape: 1));
        using var mine = node.Dispatch(10, 10);
        Assert.Equal(4, node.LiveLoad(stale).Queue);
        Assert.Equal(5, node.ClusterInFlight);
        Assert.Equal(20 + 40, node.ClusterInFlightTokens);
        Assert.Equal(new NodeSiloReport("s", 1, 20), node.Report("s"));
    }

    [Fact]
    public void AFastNodeThatQueuedNothingWhileRequestsWereInFlightIsNotSaturatedByTheirJitter()
    {
        var (node, _) = Build();
        var stale = new PlacementOptions().StaleAfter;
        // A node that finishes requests between its own counts reports nothing running, yet took the silo's ten and the
        // other silos' two without queueing one: its batch holds at least twelve.
        var held = Enumerable.Range(0, 10).Select(_ => node.Dispatch(1, 1)).ToList();
        node.Apply(View(new NodeLoadSample(0, 0, 0.0, 1000), 1, others: 2, othersAtScrape: 2));
        held.ForEach(d => d.Dispose());
        // Twelve in flight now, two more than at the scrape (a closed loop's jitter): within the batch it has shown.
        var more = Enumerable.Range(0, 12).Select(_ => node.Dispatch(1, 1)).ToList();
        Assert.Equal(0, node.LiveLoad(stale).Queue);
        // Fifteen more than at the scrape: the three beyond the twelve it has shown count as queued.
        more.AddRange(Enumerable.Range(0, 13).Select(_ => node.Dispatch(1, 1)));
        Assert.Equal(3, node.LiveLoad(stale).Queue);
        more.ForEach(d => d.Dispose());
    }

    [Fact]
    public void RequestsThatEndedSinceTheScrapeShortenAQueueingNodesQueueAndThenFreeItsSlots()
    {
        var (node, _) = Build();
        var stale = new PlacementOptions().StaleAfter;
        var held = Enumerable.Range(0, 10).Select(_ => node.Dispatch(1, 1)).ToList();
        node.Apply(View(new NodeLoadSample(2, 8, 0.5, 1000), 1));
        Assert.Equal(2, node.LiveLoad(stale).Queue);

        // Each request that ended let one waiting request in: the queue is shorter before the next scrape says so.
        held[0].Dispose();
        Assert.Equal(1, node.LiveLoad(stale).Queue);
        held[1].Dispose();
        held[2].Dispose();
        Assert.Equal(0, node.LiveLoad(stale).Queue);
        Assert.Equal(1, node.LiveLoad(stale).FreeSlots);
        held.Skip(3).ToList().ForEach(d => d.Dispose());
    }

    [Fact]
    public void AnUnknownNodeIsNeverSaturatedAndUsesTheClustersInFlight()
    {
        var (node, _) = Build();
        node.Apply(View(null, 0, others: 2));
        using var d = node.Dispatch(1, 1);
        var load = node.LiveLoad(TimeSpan.FromSeconds(2));
        Assert.False(load.Fresh);
        Assert.Equal(3, load.Running);
        Assert.Equal(NodeLoadState.Unknown, node.LoadState(TimeSpan.FromSeconds(2)));
    }
}
