using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Nodes.Load;
using GatoLink.Grains.Placement;

namespace GatoLink.Grains.Tests.Placement;

public sealed class ModelPlacementTests
{
    [Fact]
    public async Task SaturatedNodesAreFilteredWhileAnotherCanServe()
    {
        var f = new PlacementFixture();
        f.Add("queue-full", waiting: f.Options.QueueThreshold);
        f.Add("kv-full", kv: f.Options.KvThreshold);
        var ok = f.Add("ok", waiting: f.Options.QueueThreshold - 1, kv: 0.5);
        for (var i = 0; i < 10; i++)
        {
            var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None);
            Assert.Equal(PlacementOutcome.Placed, d.Outcome);
            Assert.Same(ok, d.Node);
        }
    }

    [Fact]
    public async Task DrainingAndExcludedNodesGetNothing()
    {
        var f = new PlacementFixture();
        f.Add("draining", draining: true);
        f.Add("tried");
        var free = f.Add("free", waiting: f.Options.QueueThreshold - 1);
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), ["tried"], CancellationToken.None);
        Assert.Same(free, d.Node);
        var none = await f.Model.PlaceAsync(PlacementFixture.Request(), ["tried", "free"], CancellationToken.None);
        Assert.Equal(PlacementOutcome.NoNode, none.Outcome);
    }

    [Fact]
    public async Task BaselinesIgnoreSaturation()
    {
        var f = new PlacementFixture(PlacementStrategyKind.RoundRobin);
        f.Add("a", waiting: 100);
        f.Add("b", waiting: 100);
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None);
        Assert.Equal(PlacementOutcome.Placed, d.Outcome);
    }

    [Fact]
    public async Task WhenEveryNodeIsSaturatedTheRequestWaitsUntilOneIsNot()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 9);
        f.Add("b", waiting: 9);
        var waiting = f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, f.Model.Queued);

        a.ReportLoad(new NodeLoadSample(0, 1, 0.1, 100_000));
        f.Nodes.Signal.Pulse();
        var d = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PlacementOutcome.Placed, d.Outcome);
        Assert.Same(a, d.Node);
        Assert.Equal(0, f.Model.Queued);
    }

    [Fact]
    public async Task QueuedRequestsLeaveInArrivalOrder()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 9);
        var first = f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None).AsTask();
        await Task.Delay(20);
        var second = f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.Equal(2, f.Model.Queued);
        a.ReportLoad(new NodeLoadSample(0, 1, 0.1, 100_000));
        f.Nodes.Signal.Pulse();
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True((await first).Waited >= TimeSpan.Zero);
    }

    [Fact]
    public async Task TheWaitEndsSaturatedAfterMaxQueueWait()
    {
        var f = new PlacementFixture(options: new PlacementOptions { MaxQueueWait = TimeSpan.FromMilliseconds(150) });
        f.Add("a", waiting: 9);
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None);
        Assert.Equal(PlacementOutcome.Saturated, d.Outcome);
        Assert.Null(d.Node);
    }

    [Fact]
    public async Task AFullQueueRefusesAtOnce()
    {
        var f = new PlacementFixture(options: new PlacementOptions { MaxQueueLength = 0 });
        f.Add("a", waiting: 9);
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None);
        Assert.Equal(PlacementOutcome.QueueFull, d.Outcome);
    }

    [Fact]
    public async Task AClientThatLeavesWhileQueuedIsCancelled()
    {
        var f = new PlacementFixture();
        f.Add("a", waiting: 9);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, cts.Token);
        Assert.Equal(PlacementOutcome.Cancelled, d.Outcome);
    }

    [Fact]
    public void SaturationNeedsFreshData()
    {
        var options = new PlacementOptions();
        Assert.True(Saturation.IsSaturated(new NodeLiveLoad(5, 0, 0, true), options));
        Assert.True(Saturation.IsSaturated(new NodeLiveLoad(0, 0, options.KvThreshold, true), options));
        Assert.False(Saturation.IsSaturated(new NodeLiveLoad(options.QueueThreshold - 1, 0, options.KvThreshold - 0.01, true), options));
        Assert.False(Saturation.IsSaturated(new NodeLiveLoad(50, 0, double.NaN, false), options));
    }
}
