using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Placement.Prefix;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// Delay scheduling: a request whose prefix only a saturated node holds waits a little for it rather than copy the prefix
/// to a cold node (bench/routing (a): every copy takes KV blocks a cache-bound node needed to run requests).
/// </summary>
public sealed class AffinityHoldTests(ModelQueueSilo silo) : IClassFixture<ModelQueueSilo>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void TheHoldLastsWhileOnlyASaturatedNodeIsWarmAndNoLongerThanTheLimit()
    {
        var f = new PlacementFixture();
        var warm = f.Add("warm", waiting: 2, running: 8);
        var cold = f.Add("cold", running: 1);
        var request = PlacementFixture.GroupRequest(1, 1);
        Warm(warm, request);
        var saturated = new List<(NodeReplica Node, NodeLiveLoad Load)> { (warm, warm.LiveLoad(f.Options.StaleAfter)) };

        var hold = new AffinityHold(f.Time, Limit);
        Assert.True(hold.Holds(request, [cold], saturated));
        f.Time.Advance(Limit / 2);
        Assert.True(hold.Holds(request, [cold], saturated));
        f.Time.Advance(Limit / 2);
        Assert.False(hold.Holds(request, [cold], saturated));

        // Not when a node that can take it is warm too, nor when no saturated node holds the prefix, nor for another group.
        Warm(cold, request);
        Assert.False(new AffinityHold(f.Time, Limit).Holds(request, [cold], saturated));
        Assert.False(new AffinityHold(f.Time, Limit).Holds(request, [warm], []));
        Assert.False(new AffinityHold(f.Time, Limit).Holds(PlacementFixture.GroupRequest(2, 1), [f.Add("other")], saturated));
    }

    [Fact]
    public async Task ARequestWaitsForItsWarmNodeAndTakesItWhenItFreesWithinTheLimit()
    {
        var f = new PlacementFixture(options: new PlacementOptions { AffinityWait = Limit }, queues: silo.Queues);
        var warm = f.Add("warm", waiting: 2, running: 8);
        f.Add("cold", running: 1);
        var request = PlacementFixture.GroupRequest(3, 1);
        Warm(warm, request);

        var placing = f.Model.PlaceAsync(request, null, CancellationToken.None);
        Assert.False(placing.IsCompleted);

        warm.ReportLoad(new NodeLoadSample(0, 7, 0.5, 100_000));
        f.Nodes.Signal.Pulse();
        Assert.Same(warm, (await placing.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Node);
    }

    [Fact]
    public async Task PastTheLimitTheRequestGoesToTheColdNode()
    {
        var f = new PlacementFixture(options: new PlacementOptions { AffinityWait = Limit }, queues: silo.Queues);
        var warm = f.Add("warm", waiting: 2, running: 8);
        var cold = f.Add("cold", running: 1);
        var request = PlacementFixture.GroupRequest(4, 1);
        Warm(warm, request);

        var placing = f.Model.PlaceAsync(request, null, CancellationToken.None);
        Assert.False(placing.IsCompleted);

        f.Time.Advance(Limit);
        warm.ReportLoad(new NodeLoadSample(2, 8, 0.5, 100_000));
        cold.ReportLoad(new NodeLoadSample(0, 1, 0.1, 100_000));
        f.Nodes.Signal.Pulse();
        Assert.Same(cold, (await placing.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Node);
    }

    [Fact]
    public async Task WithoutAnAffinityWaitAColdNodeTakesTheRequestAtOnce()
    {
        var f = new PlacementFixture(options: new PlacementOptions { AffinityWait = TimeSpan.Zero });
        var warm = f.Add("warm", waiting: 2, running: 8);
        var cold = f.Add("cold", running: 1);
        var request = PlacementFixture.GroupRequest(5, 1);
        Warm(warm, request);

        var placing = f.Model.PlaceAsync(request, null, CancellationToken.None);
        Assert.True(placing.IsCompleted);
        Assert.Same(cold, (await placing).Node);
    }

    private static void Warm(NodeReplica node, PlacementRequest request)
    {
        Span<ulong> hashes = stackalloc ulong[PromptChunkHasher.MaxChunks];
        var chunks = PromptChunkHasher.Hash(request.Prompt.Span, hashes, request.PrefixSeed);
        node.Prefix.Add(hashes[..chunks]);
    }
}
