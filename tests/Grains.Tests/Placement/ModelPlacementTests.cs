using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes.Load;

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
    public void SaturationNeedsFreshData()
    {
        var options = new PlacementOptions();
        Assert.True(Saturation.IsSaturated(new NodeLiveLoad(5, 0, 0, true), options));
        Assert.True(Saturation.IsSaturated(new NodeLiveLoad(0, 0, options.KvThreshold, true), options));
        Assert.False(Saturation.IsSaturated(new NodeLiveLoad(options.QueueThreshold - 1, 0, options.KvThreshold - 0.01, true), options));
        Assert.False(Saturation.IsSaturated(new NodeLiveLoad(50, 0, double.NaN, false), options));
    }
}
