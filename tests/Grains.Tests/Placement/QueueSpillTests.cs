using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.PerSilo.Placement;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// The head of a saturated model's queue goes to a saturated node whose expected wait is no longer than the queue's own
/// (bench/routing (a): the slow nodes take the overflow they can serve within the queue's wait).
/// </summary>
public sealed class QueueSpillTests(ModelQueueSilo silo) : IClassFixture<ModelQueueSilo>
{
    [Fact]
    public void ANodeQualifiesOnceTheQueueWaitsLongerThanTheNodesOwnQueue()
    {
        var f = new PlacementFixture();
        // The slow node: 2 s a request, 4 at once (0.5 s per queued request), 1 queued: 1 s expected.
        var slow = Paced(f, "slow", seconds: 2, new NodeLoadSample(1, 4, 0.99, 100_000));
        // The fast node: 0.5 s a request, 12 at once, 6 queued: 0.29 s expected.
        var fast = Paced(f, "fast", seconds: 0.5, new NodeLoadSample(6, 12, 0.5, 100_000));
        var nodes = Loads(f, slow, fast);

        // The fleet completes 4 / 2 + 12 / 0.5 = 26 requests a second: 5 waiting drain in 0.19 s, 8 in 0.31 s, 27 in 1.04 s.
        Assert.Empty(QueueSpill.Candidates(nodes, 5));
        Assert.Equal([fast], QueueSpill.Candidates(nodes, 8));
        Assert.Equal([slow, fast], QueueSpill.Candidates(nodes, 27));
        Assert.Empty(QueueSpill.Candidates(nodes, 0));
    }

    [Fact]
    public void ANodeWithoutAPaceOrAFreshScrapeNeverQualifies()
    {
        var f = new PlacementFixture();
        var unpaced = f.Add("unpaced", waiting: 3, running: 4);
        var paced = Paced(f, "paced", seconds: 1, new NodeLoadSample(3, 4, 0.5, 100_000));
        Assert.Equal([paced], QueueSpill.Candidates(Loads(f, unpaced, paced), 1_000));

        f.Time.Advance(f.Options.StaleAfter + TimeSpan.FromSeconds(1));
        Assert.Empty(QueueSpill.Candidates(Loads(f, unpaced, paced), 1_000));
    }

    [Fact]
    public async Task TheHeadOfALongEnoughQueueSpillsToASaturatedNodeAndOnlyTheHead()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        // Both nodes queue 2 (saturated) and take 1 s a request, one at a time: 3 s expected on either, and the fleet
        // completes 2 a second, so the queue's wait reaches a node's at 6 waiting.
        Paced(f, "a", seconds: 1, new NodeLoadSample(2, 1, 0.5, 100_000));
        Paced(f, "b", seconds: 1, new NodeLoadSample(2, 1, 0.5, 100_000));
        using var leave = new CancellationTokenSource();
        var waiting = new List<Task<PlacementDecision>>();
        for (var i = 0; i < 5; i++)
        {
            waiting.Add(f.Model.PlaceAsync(PlacementFixture.Request(), null, leave.Token).AsTask());
        }

        f.Nodes.Signal.Pulse();
        await Task.Delay(100);
        Assert.DoesNotContain(waiting, t => t.IsCompleted);

        waiting.Add(f.Model.PlaceAsync(PlacementFixture.Request(), null, leave.Token).AsTask());
        Assert.Equal(6, f.Model.Queued);
        f.Nodes.Signal.Pulse();
        var placed = await await Task.WhenAny(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PlacementOutcome.Placed, placed.Outcome);

        // The node it went to now has one more queued (4 s expected): nobody else qualifies with 5 waiting.
        await Task.Delay(100);
        Assert.Equal(5, waiting.Count(t => !t.IsCompleted));
        await leave.CancelAsync();
        var outcomes = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, outcomes.Count(d => d.Outcome == PlacementOutcome.Placed));
        Assert.Equal(5, outcomes.Count(d => d.Outcome == PlacementOutcome.Cancelled));
    }

    [Fact]
    public void AFullCacheStopsSaturatingForOneRequestPerRequestEndedSinceTheScrape()
    {
        var f = new PlacementFixture();
        var node = f.Add("a");
        var before = node.Dispatch(1, 1);
        node.ReportLoad(new NodeLoadSample(0, 4, 0.99, 100_000));
        Assert.True(Saturation.IsSaturated(node.LiveLoad(f.Options.StaleAfter), f.Options));

        // It ended after the scrape: its blocks are free, which the scraped figure does not show yet.
        before.Dispose();
        Assert.False(Saturation.IsSaturated(node.LiveLoad(f.Options.StaleAfter), f.Options));
        using (node.Dispatch(1, 1))
        {
            Assert.True(Saturation.IsSaturated(node.LiveLoad(f.Options.StaleAfter), f.Options));
        }
    }

    // The nodes with the loads placement reads now, as the saturation filter hands them over.
    private static List<(NodeReplica Node, NodeLiveLoad Load)> Loads(PlacementFixture f, params NodeReplica[] nodes) =>
        [.. nodes.Select(n => (n, n.LiveLoad(f.Options.StaleAfter)))];

    // A node whose requests took `seconds` each, scraped as `sample`.
    private static NodeReplica Paced(PlacementFixture f, string id, double seconds, NodeLoadSample sample)
    {
        var node = f.Add(id);
        using (node.Dispatch(1, 1))
        {
            f.Time.Advance(TimeSpan.FromSeconds(seconds));
        }

        node.ReportLoad(sample);
        return node;
    }
}
