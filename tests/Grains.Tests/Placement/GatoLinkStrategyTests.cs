using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes.Load;

namespace GatoLink.Grains.Tests.Placement;

public sealed class GatoLinkStrategyTests
{
    [Fact]
    public void QueueScorerPrefersTheShorterQueue()
    {
        var f = new PlacementFixture();
        f.Add("a", waiting: 4, kv: 0.2);
        var b = f.Add("b", waiting: 0, kv: 0.2);
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(b, f.Choose(PlacementFixture.Request()));
        }
    }

    [Fact]
    public void KvScorerPrefersHeadroom()
    {
        var f = new PlacementFixture();
        f.Add("a", kv: 0.7);
        var b = f.Add("b", kv: 0.1);
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(b, f.Choose(PlacementFixture.Request()));
        }
    }

    [Fact]
    public void PrefixAffinityOutweighsASmallLoadDifference()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", kv: 0.1);
        var b = f.Add("b", kv: 0.1);
        var first = f.Choose(PlacementFixture.GroupRequest(1, 0));
        var other = first == a ? b : a;

        // The node that has the prefix is now a little busier; affinity still wins.
        first.ReportLoad(new NodeLoadSample(0, 3, 0.2, 100_000));
        other.ReportLoad(new NodeLoadSample(0, 0, 0.1, 100_000));
        for (var n = 1; n < 10; n++)
        {
            Assert.Same(first, f.Choose(PlacementFixture.GroupRequest(1, n)));
        }
    }

    [Fact]
    public void DifferentPrefixesDoNotMatch()
    {
        var f = new PlacementFixture();
        var a = f.Add("a");
        f.Choose(PlacementFixture.GroupRequest(1, 0));
        Span<ulong> h1 = stackalloc ulong[64];
        var chunks = GatoLink.PerSilo.Placement.Prefix.PromptChunkHasher.Hash(PlacementFixture.GroupRequest(2, 0).Prompt.Span, h1);
        Assert.True(chunks > 4);
        Assert.Equal(0, a.Prefix.MatchPrefix(h1[..chunks]));
    }

    [Fact]
    public void ImbalanceGuardWithdrawsAffinityFromAHotNode()
    {
        var f = new PlacementFixture();
        var a = f.Add("a");
        var b = f.Add("b");
        var first = f.Choose(PlacementFixture.GroupRequest(1, 0));
        var other = first == a ? b : a;
        first.ReportLoad(new NodeLoadSample(f.Options.ImbalanceQueue + 1, 10, 0.3, 100_000));
        other.ReportLoad(new NodeLoadSample(0, 10, 0.3, 100_000));
        for (var n = 1; n < 10; n++)
        {
            Assert.Same(other, f.Choose(PlacementFixture.GroupRequest(1, n)));
        }
    }

    [Fact]
    public void ImbalanceGuardAlsoWatchesKvUseWhenSet()
    {
        var f = new PlacementFixture(options: new PlacementOptions { ImbalanceKv = 0.3 });
        var a = f.Add("a");
        var b = f.Add("b");
        var first = f.Choose(PlacementFixture.GroupRequest(1, 0));
        var other = first == a ? b : a;
        first.ReportLoad(new NodeLoadSample(0, 10, 0.75, 100_000));
        other.ReportLoad(new NodeLoadSample(0, 10, 0.3, 100_000));
        Assert.Same(other, f.Choose(PlacementFixture.GroupRequest(1, 1)));
    }

    [Fact]
    public void StaleScrapesAreDistrustedInFavourOfInFlightCounts()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 50, kv: 0.5);
        var b = f.Add("b", waiting: 0, kv: 0.1);
        using var d1 = b.Dispatch(10, 10);
        using var d2 = b.Dispatch(10, 10);
        f.Time.Advance(f.Options.StaleAfter + TimeSpan.FromMilliseconds(1));

        Assert.Equal(NodeLoadState.Stale, a.LoadState(f.Options.StaleAfter));
        Assert.False(a.LiveLoad(f.Options.StaleAfter).Fresh);
        Assert.Equal(2, b.LiveLoad(f.Options.StaleAfter).Running);
        Assert.Same(a, f.Choose(PlacementFixture.Request()));
    }

    [Fact]
    public void FreshScrapeIsTrustedUpToTheLimit()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 3);
        f.Time.Advance(f.Options.StaleAfter);
        Assert.Equal(NodeLoadState.Fresh, a.LoadState(f.Options.StaleAfter));
        Assert.Equal(3, a.LiveLoad(f.Options.StaleAfter).Queue);
    }

    [Fact]
    public void RequestsThatEndedSinceTheScrapeAreInNobodysQueue()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 0);
        for (var i = 0; i < 20; i++)
        {
            // A fast node answers each request before the next scrape: none of them is queued.
            using var dispatch = a.Dispatch(10, 10);
        }

        using (a.Dispatch(10, 10))
        using (a.Dispatch(10, 10))
        {
            Assert.Equal(2, a.LiveLoad(f.Options.StaleAfter).Queue);
        }

        Assert.Equal(0, a.LiveLoad(f.Options.StaleAfter).Queue);
        Assert.False(Saturation.IsSaturated(a.LiveLoad(f.Options.StaleAfter), f.Options));
    }

    [Fact]
    public void SendsSinceTheScrapeFillTheFreeSlotsTheNodeWasSeenToHaveBeforeTheyQueue()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", running: 10);
        a.ReportLoad(new NodeLoadSample(0, 2, 0.1, 100_000));
        var dispatches = Enumerable.Range(0, 10).Select(_ => a.Dispatch(10, 10)).ToList();

        // Seen running 10 at once, now 2: eight of the ten new requests run, two queue.
        Assert.Equal(2, a.LiveLoad(f.Options.StaleAfter).Queue);
        dispatches.ForEach(d => d.Dispose());
    }

    [Fact]
    public void ANodeNeverSeenBusyCountsEverySendAsQueued()
    {
        var f = new PlacementFixture();
        var a = f.Add("a");
        var dispatches = Enumerable.Range(0, 3).Select(_ => a.Dispatch(10, 10)).ToList();

        Assert.Equal(3, a.LiveLoad(f.Options.StaleAfter).Queue);
        dispatches.ForEach(d => d.Dispose());
    }

    [Fact]
    public void ABurstBetweenScrapesSpreadsOverNodes()
    {
        var f = new PlacementFixture();
        var a = f.Add("a");
        var b = f.Add("b");
        var dispatches = new List<GatoLink.PerSilo.Nodes.NodeDispatch>();
        for (var i = 0; i < 8; i++)
        {
            dispatches.Add(f.Choose(PlacementFixture.Request()).Dispatch(100, 100));
        }

        Assert.Equal(4, a.InFlight);
        Assert.Equal(4, b.InFlight);
        dispatches.ForEach(d => d.Dispose());

        // A scrape replaces what this silo added since the last one.
        a.ReportLoad(new NodeLoadSample(0, 0, 0, 100_000));
        Assert.Equal(0, a.LiveLoad(f.Options.StaleAfter).Queue);
    }

    [Fact]
    public void TiesAreBrokenAtRandom()
    {
        var f = new PlacementFixture();
        var a = f.Add("a");
        f.Add("b");
        var onA = Enumerable.Range(0, 400).Count(_ => f.Choose(PlacementFixture.Request()) == a);
        Assert.InRange(onA, 120, 280);
    }

    [Fact]
    public void InFlightTokensFollowDispatchFirstTokenAndCompletion()
    {
        var f = new PlacementFixture();
        var a = f.Add("a");
        var d = a.Dispatch(promptTokens: 100, maxTokens: 50);
        Assert.Equal(150, a.InFlightTokens);
        d.FirstToken();
        d.FirstToken();
        Assert.Equal(50, a.InFlightTokens);
        d.Dispose();
        d.Dispose();
        Assert.Equal(0, a.InFlightTokens);
        Assert.Equal(0, a.InFlight);
    }

    [Fact]
    public void ScoreWeightsFollowOptions()
    {
        var strategy = new GatoLinkStrategy(new PlacementOptions { QueueWeight = 2, KvWeight = 2, PrefixWeight = 3 });
        Assert.Equal(7, strategy.Score(queue: 0, kv: 0, prefix: 1, minQueue: 0, maxQueue: 4, minKv: 0), 9);
        Assert.Equal(1, strategy.Score(queue: 4, kv: 0.5, prefix: 0, minQueue: 0, maxQueue: 4, minKv: 0.5), 9);
    }
}
