using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Tests.Placement;

public sealed class PacedPlacementTests
{
    [Fact]
    public void AQueueOnASlowNodeWeighsMoreThanTheSameQueueOnAFastOne()
    {
        var f = new PlacementFixture();
        var slow = f.Add("slow");
        var fast = f.Add("fast");

        // History: the slow node's requests take 2 s with 4 running, the fast one's 0.5 s with 12.
        using (slow.Dispatch(1, 1))
        {
            f.Time.Advance(TimeSpan.FromSeconds(2));
        }

        using (fast.Dispatch(1, 1))
        {
            f.Time.Advance(TimeSpan.FromSeconds(0.5));
        }

        slow.ReportLoad(new NodeLoadSample(1, 4, 0.3, 100_000));
        fast.ReportLoad(new NodeLoadSample(3, 12, 0.3, 100_000));
        Assert.Equal(0.5, slow.SecondsPerQueued(4));
        Assert.Equal(0.5 / 12, fast.SecondsPerQueued(12)!.Value, 9);

        // 1 × 0.5 s on the slow node against 3 × 0.04 s on the fast one.
        for (var i = 0; i < 10; i++)
        {
            Assert.Same(fast, f.Choose(PlacementFixture.Request()));
        }
    }

    [Fact]
    public void ANodeWhoseFreeCacheCannotHoldTheRequestLosesEvenWithAffinity()
    {
        var f = new PlacementFixture();
        var tight = f.Add("tight");
        var roomy = f.Add("roomy");
        var request = PlacementFixture.GroupRequest(1, 0) with { PromptTokens = 10, MaxTokens = 500 };
        // 1000 tokens of cache; the request needs 10 + 500. With 550 free on the prefix node, affinity wins.
        roomy.ReportLoad(new NodeLoadSample(0, 1, 0.3, 1000));
        tight.ReportLoad(new NodeLoadSample(0, 1, 0.45, 1000));

        // After the first scrape with a cache size: a new size resets the index.
        Span<ulong> hashes = stackalloc ulong[64];
        tight.Prefix.Add(hashes[..GatoLink.PerSilo.Placement.Prefix.PromptChunkHasher.Hash(request.Prompt.Span, hashes)]);
        Assert.Same(tight, f.Choose(request));

        // With 450 free it would wait in the engine for blocks: the other node takes it.
        tight.ReportLoad(new NodeLoadSample(0, 1, 0.55, 1000));
        Assert.Same(roomy, f.Choose(request));
    }
}
