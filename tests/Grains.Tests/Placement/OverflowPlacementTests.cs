using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Placement;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>External providers in placement: never in the pool, the chain's next by the model's overflow policy.</summary>
public sealed class OverflowPlacementTests
{
    private readonly PlacementFixture _f = new();

    [Fact]
    public async Task AProviderIsNeverChosenFromThePoolEvenWhenItIsTheOnlyNodeServingTheModel()
    {
        AddProvider("p1");

        var placed = await _f.Model.PlaceAsync(PlacementFixture.Request(), [], CancellationToken.None);

        Assert.Equal(PlacementOutcome.NoNode, placed.Outcome);
        Assert.Null(_f.Model.Place(PlacementFixture.Request()));
    }

    [Fact]
    public async Task WhenSaturatedASaturatedPoolSendsToTheFirstProviderAtOnceAndAFreePoolKeepsIt()
    {
        var own = _f.Add("own", waiting: 10);
        AddProvider("p1");
        AddProvider("p2");
        Policy(OverflowPolicy.WhenSaturated, "p1", "p2");

        var overflowed = _f.Model.PlaceAsync(PlacementFixture.Request(), [], CancellationToken.None);
        Assert.True(overflowed.IsCompleted);
        Assert.Equal("p1", (await overflowed).Node?.Id);

        own.ReportLoad(new(0, 0, 0, KvCapacityTokens: 100_000));
        Assert.Equal("own", (await _f.Model.PlaceAsync(PlacementFixture.Request(), [], CancellationToken.None)).Node?.Id);
    }

    [Fact]
    public async Task OnErrorTheChainFollowsTheOwnPoolInOrderSkippingWhatWasTriedOrIsOut()
    {
        _f.Add("own");
        AddProvider("p1");
        var p2 = AddProvider("p2");
        AddProvider("p3");
        Policy(OverflowPolicy.OnError, "p1", "p2", "p3");
        for (var i = 0; i < new NodeHealthOptions().FailuresToOpen; i++)
        {
            p2.ReportFailure();
        }

        Assert.Equal("own", (await Place()).Node?.Id);
        Assert.Equal("p1", (await Place("own")).Node?.Id);
        // p2's circuit is open: p3 is next.
        Assert.Equal("p3", (await Place("own", "p1")).Node?.Id);
        Assert.Equal(PlacementOutcome.NoNode, (await Place("own", "p1", "p3")).Outcome);
    }

    [Fact]
    public async Task ATenantDeniedOverflowIsToldSoWhereItWouldHaveOverflowed()
    {
        _f.Add("own");
        AddProvider("p1");
        Policy(OverflowPolicy.OnError, "p1");
        var denied = PlacementFixture.Request() with { MayOverflow = false };

        Assert.Equal("own", (await _f.Model.PlaceAsync(denied, [], CancellationToken.None)).Node?.Id);
        Assert.Equal(PlacementOutcome.OverflowDenied, (await _f.Model.PlaceAsync(denied, ["own"], CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task PolicyNeverLeavesTheChainUnused()
    {
        _f.Add("own");
        AddProvider("p1");
        Policy(OverflowPolicy.Never, "p1");

        Assert.Equal(PlacementOutcome.NoNode, (await Place("own")).Outcome);
    }

    private ValueTask<PlacementDecision> Place(params string[] tried) => _f.Model.PlaceAsync(PlacementFixture.Request(), tried, CancellationToken.None);

    private void Policy(OverflowPolicy overflow, params string[] chain) => _f.Model.Update(_f.Model.Record with { Overflow = overflow, Fallback = chain });

    private NodeReplica AddProvider(string id) =>
        _f.Nodes.Upsert(new GpuNodeRecord(id, new Uri($"http://{id}/"), EngineKind.OpenAi, ["m"], 0, new Dictionary<string, string>(), false, _f.Time.GetUtcNow(), External: true));
}
