using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Models;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.Grains.Tests.Quotas;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Placement;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// The batch headroom is sized from the interactive demand of every silo: chats spread over silos keep the slots their
/// whole demand needs, and a silo that serves only batch work leaves them too.
/// </summary>
public sealed class ClusterDemandTests(ModelQueueSilo silo) : IClassFixture<ModelQueueSilo>
{
    private static readonly QueueClaim Chat = new(Guid.NewGuid(), PriorityClass.Interactive, 1, null, 20);

    [Fact]
    public void TheBoardSumsTheFreshReportsOfEverySiloAndForgetsTheStaleOnes()
    {
        var time = new FakeTimeProvider();
        var board = new DemandBoard(time);
        Assert.Equal(0.6, board.Report("a", 0.6), 9);
        Assert.Equal(0.9, board.Report("b", 0.3), 9);
        // A new report replaces the silo's last one.
        Assert.Equal(1.1, board.Report("a", 0.8), 9);
        // Nonsense counts as nothing.
        Assert.Equal(0.8, board.Report("b", double.NaN), 9);
        Assert.Equal(0.8, board.Report("b", -2), 9);

        // "a" goes quiet: once its last report is older than FreshFor it no longer counts, and is forgotten.
        time.Advance(DemandBoard.FreshFor);
        Assert.Equal(1.3, board.Report("b", 0.5), 9);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0.5, board.Report("b", 0.5), 9);
        Assert.Equal(1, board.Silos);
    }

    [Fact]
    public async Task TheDemandGrainSumsTheSilosReports()
    {
        var grain = silo.Grains.GetGrain<IModelDemandGrain>("demand-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(0.6, await grain.Report("silo-a", 0.6), 9);
        Assert.Equal(0.9, await grain.Report("silo-b", 0.3), 9);
    }

    [Fact]
    public async Task ASiloServingOnlyBatchLeavesTheSlotsTheChatsOfAnotherSiloNeed()
    {
        var model = "cluster-demand-" + Guid.NewGuid().ToString("N")[..8];
        var time = new FakeTimeProvider();
        var options = new PlacementOptions { ShareInteractiveDemand = true };
        var (chats, chatModel) = Silo(model, options, time);
        var (batch, batchModel) = Silo(model, options, time);
        var chatSync = new InteractiveDemandSync(chats, silo.Grains, options, time, NullLogger<InteractiveDemandSync>.Instance);
        var batchSync = new InteractiveDemandSync(batch, silo.Grains, options, time, NullLogger<InteractiveDemandSync>.Instance);

        // No interactive request anywhere: batch keeps no headroom.
        await chatSync.SyncOnceAsync(CancellationToken.None);
        await batchSync.SyncOnceAsync(CancellationToken.None);
        Assert.Equal(0, batchModel.BatchHeadroom);

        // Three chats in flight for a minute on the first silo (one arriving there marks it as about).
        Assert.Equal(PlacementOutcome.Placed, (await chatModel.PlaceAsync(PlacementFixture.Request() with { Claim = Chat }, null, CancellationToken.None)).Outcome);
        var inFlight = Enumerable.Range(0, 3).Select(_ => chatModel.Interactive.Track(Chat)).ToList();
        time.Advance(TimeSpan.FromMinutes(1));
        await chatSync.SyncOnceAsync(CancellationToken.None);
        await batchSync.SyncOnceAsync(CancellationToken.None);

        // A Poisson count of mean ~3 reaches 7 at most 5 % of the time: 7 slots over the two nodes, 4 per node, on the
        // silo that never saw a chat as on the one that did.
        Assert.Equal(4, chatModel.BatchHeadroom);
        Assert.Equal(4, batchModel.BatchHeadroom);
        Assert.InRange(batchModel.Interactive.DemandMean, 2.9, 3.0);

        // The exchange stops (the grain is out of reach): the batch silo falls back to its own demand once the sum is stale.
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, batchModel.BatchHeadroom);
        inFlight.ForEach(c => c.Dispose());
    }

    // One silo's view: a directory with the model on two nodes (eight slots each, seen full).
    private (ModelDirectory Models, ModelRoute Model) Silo(string model, PlacementOptions options, FakeTimeProvider time)
    {
        var nodes = new NodeDirectory(time, new NodeHealthOptions());
        foreach (var id in new[] { "a", "b" })
        {
            var node = nodes.Upsert(new GpuNodeRecord(id, new Uri($"http://{id}/"), EngineKind.Vllm, [model], 0, new Dictionary<string, string>(), false, time.GetUtcNow()));
            node.ReportLoad(new NodeLoadSample(2, 8, 0.1, KvCapacityTokens: 100_000));
            node.ReportLoad(new NodeLoadSample(0, 6, 0.1, KvCapacityTokens: 100_000));
        }

        var models = new ModelDirectory(nodes, new DefaultPlacementStrategyFactory(options), silo.Queues, options, time);
        return (models, models.Upsert(new ModelRecord(model, [], 8192, 256, PlacementStrategyKind.GatoLink, time.GetUtcNow())));
    }
}
