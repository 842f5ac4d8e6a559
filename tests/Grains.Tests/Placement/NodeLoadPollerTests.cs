using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Nodes.Load;
using GatoLink.Grains.Placement;
using GatoLink.Grains.Tests.Quotas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains.Tests.Placement;

public sealed class NodeLoadPollerTests
{
    private sealed class ScriptedAdapter(Func<NodeLoadSample?> next) : IEngineAdapter
    {
        public EngineKind Engine => EngineKind.Vllm;

        public Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct) => Task.FromResult(next());
    }

    private static (NodeLoadPoller Poller, NodeReplica Node, FakeTimeProvider Time) Build(Func<NodeLoadSample?> next)
    {
        var time = new FakeTimeProvider();
        var nodes = new NodeDirectory(time, new NodeHealthOptions());
        var node = nodes.Upsert(new GpuNodeRecord("n", new Uri("http://n/"), EngineKind.Vllm, ["m"], 0, new Dictionary<string, string>(), false, time.GetUtcNow()));
        var poller = new NodeLoadPoller(nodes, new EngineAdapters([new ScriptedAdapter(next), new OpenAiAdapter()]), Options.Create(new PlacementOptions()), time, NullLogger<NodeLoadPoller>.Instance);
        return (poller, node, time);
    }

    [Fact]
    public async Task AScrapeFeedsTheGrainAndAgesIntoStaleness()
    {
        var (poller, node, time) = Build(() => new NodeLoadSample(2, 3, 0.5, 1000));
        using (poller)
        {
            await poller.ScrapeAsync(node, CancellationToken.None);
        }

        var stale = new PlacementOptions().StaleAfter;
        Assert.Equal(NodeLoadState.Fresh, node.LoadState(stale));
        Assert.Equal(new NodeLiveLoad(2, 3, 0.5, true), node.LiveLoad(stale));
        time.Advance(stale + TimeSpan.FromTicks(1));
        Assert.Equal(NodeLoadState.Stale, node.LoadState(stale));
    }

    [Fact]
    public async Task AFailedScrapeIsCountedAndKeepsTheLastSample()
    {
        var fail = false;
        var (poller, node, _) = Build(() => fail ? throw new HttpRequestException("down") : new NodeLoadSample(1, 1, 0.1));
        using (poller)
        {
            await poller.ScrapeAsync(node, CancellationToken.None);
            fail = true;
            await poller.ScrapeAsync(node, CancellationToken.None);
            await poller.ScrapeAsync(node, CancellationToken.None);
        }

        Assert.Equal(2, node.ScrapeFailures);
        Assert.Equal(1, node.LastSample!.Waiting);
    }

    [Fact]
    public void AnUnknownNodeIsNeverSaturatedAndUsesInFlight()
    {
        var (poller, node, _) = Build(() => null);
        poller.Dispose();
        using var d = node.Dispatch(1, 1);
        var load = node.LiveLoad(TimeSpan.FromSeconds(2));
        Assert.False(load.Fresh);
        Assert.Equal(1, load.Running);
        Assert.Equal(NodeLoadState.Unknown, node.LoadState(TimeSpan.FromSeconds(2)));
    }
}
