using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes.Load;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// At saturation, in the fair order, batch requests leave a slot free on every node while interactive requests are about,
/// and an interactive request overtakes the batch requests waiting at its silo (bench/fairness: C's TTFT).
/// </summary>
public sealed class InteractiveHeadroomTests(ModelQueueSilo silo) : IClassFixture<ModelQueueSilo>
{
    private static readonly PlacementRequest Batch = PlacementFixture.Request() with { Claim = new QueueClaim(Guid.NewGuid(), PriorityClass.Batch, 1, null, 20) };
    private static readonly PlacementRequest Interactive = PlacementFixture.Request() with { Claim = new QueueClaim(Guid.NewGuid(), PriorityClass.Interactive, 1, null, 20) };

    [Fact]
    public void ANodeSeenQueueingKnowsItsBatchSizeAndShowsTheSlotsFree()
    {
        var f = new PlacementFixture();
        var never = f.Add("never", running: 3);
        var a = f.Add("a", waiting: 2, running: 8);
        Assert.Equal(0, a.LiveLoad(f.Options.StaleAfter).FreeSlots);

        a.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        Assert.Equal(2, a.LiveLoad(f.Options.StaleAfter).FreeSlots);
        using (a.Dispatch(1, 1))
        {
            // Sent since the scrape: it takes a slot.
            Assert.Equal(1, a.LiveLoad(f.Options.StaleAfter).FreeSlots);
        }

        Assert.Equal(double.PositiveInfinity, never.LiveLoad(f.Options.StaleAfter).FreeSlots);
    }

    [Fact]
    public void BatchSeesANodeSaturatedWhenOnlyTheHeadroomIsFreeOrAnythingQueues()
    {
        var options = new PlacementOptions();
        NodeLiveLoad Load(double queue, double free) => new(queue, 7, 0.1, Fresh: true, free);

        Assert.True(Saturation.IsSaturated(Load(0, 1), options, headroom: 1));
        Assert.False(Saturation.IsSaturated(Load(0, 2), options, headroom: 1));
        Assert.True(Saturation.IsSaturated(Load(1, 0), options, headroom: 1));
        Assert.False(Saturation.IsSaturated(Load(0, double.PositiveInfinity), options, headroom: 1));
        // Interactive requests (no headroom) only stop at the queue threshold.
        Assert.False(Saturation.IsSaturated(Load(1, 0), options, headroom: null));
        Assert.True(Saturation.IsSaturated(Load(2, 0), options, headroom: null));
        // Stale load never saturates.
        Assert.False(Saturation.IsSaturated(Load(0, 1) with { Fresh = false }, options, headroom: 1));
    }

    [Fact]
    public async Task AnInteractiveRequestTakesTheSlotBatchLeftFreeAndOvertakesTheBatchWaitingAtItsSilo()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        var a = f.Add("a", waiting: 2, running: 8);
        a.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));

        // No interactive request yet: batch may take the last slots.
        Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(Batch, null, CancellationToken.None)).Outcome);
        Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(Interactive, null, CancellationToken.None)).Outcome);

        // Interactive requests are about and seven of its eight slots run: batch leaves the last one and waits in the queue.
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        using var leave = new CancellationTokenSource();
        var waiting = f.Model.PlaceAsync(Batch, null, leave.Token);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, f.Model.Queued);

        // An interactive request does not line up behind it: it takes the free slot at once.
        var chat = f.Model.PlaceAsync(Interactive, null, CancellationToken.None);
        Assert.True(chat.IsCompleted);
        Assert.Same(a, (await chat).Node);

        await leave.CancelAsync();
        Assert.Equal(PlacementOutcome.Cancelled, (await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task BatchBorrowsTheHeadroomBackOnceNoInteractiveRequestCameForTheWindow()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 2, running: 8);
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(Interactive, null, CancellationToken.None)).Outcome);

        f.Time.Advance(f.Options.InteractiveWindow);
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        var batch = f.Model.PlaceAsync(Batch, null, CancellationToken.None);

        Assert.True(batch.IsCompleted);
        Assert.Same(a, (await batch).Node);
    }

    [Fact]
    public void ARequestSentButNotYetAdmittedWhenTheScrapeWasTakenStillHoldsItsSlot()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 2, running: 8);
        a.ReportLoad(new NodeLoadSample(0, 0, 0.1, 100_000));
        var sent = Enumerable.Range(0, 7).Select(_ => a.Dispatch(1, 1)).ToList();

        // The scrape saw six running: the seventh was on its way. By the scrape alone two slots are free; one is.
        a.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        Assert.Equal(1, a.LiveLoad(f.Options.StaleAfter).FreeSlots);
        Assert.True(Saturation.IsSaturated(a.LiveLoad(f.Options.StaleAfter), f.Options, headroom: 1));
        sent.ForEach(d => d.Dispose());
    }

    [Fact]
    public void ARequestTheNodeEndedBeforeTheScrapeAndTheSiloAfterIsNotCountedFreeTwice()
    {
        var f = new PlacementFixture();
        var a = f.Add("a", waiting: 2, running: 8);
        a.ReportLoad(new NodeLoadSample(0, 0, 0.1, 100_000));
        var sent = Enumerable.Range(0, 8).Select(_ => a.Dispatch(1, 1)).ToList();

        // The node ended one (seven running) while the silo still streams its last bytes; then the silo ends it too.
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        sent[0].Dispose();
        Assert.Equal(1, a.LiveLoad(f.Options.StaleAfter).FreeSlots);
        sent.Skip(1).ToList().ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task BatchKeepsTheHeadroomThroughAPauseOfInteractiveRequestsShorterThanTheWindow()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        var a = f.Add("a", waiting: 2, running: 8);
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(Interactive, null, CancellationToken.None)).Outcome);

        // A minute without a chat: the last free slot is still kept for the next one.
        f.Time.Advance(TimeSpan.FromMinutes(1));
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        using var leave = new CancellationTokenSource();
        var batch = f.Model.PlaceAsync(Batch, null, leave.Token);
        Assert.False(batch.IsCompleted);

        await leave.CancelAsync();
        Assert.Equal(PlacementOutcome.Cancelled, (await batch.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task WhileBatchWaitsAnInteractiveRequestGoesToANodeWithASlotFreeNotIntoAFullNodesOwnQueue()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        var full = f.Add("full", waiting: 2, running: 8);
        var room = f.Add("room", waiting: 2, running: 8);
        full.ReportLoad(new NodeLoadSample(0, 8, 0.1, 100_000));
        room.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(Interactive, null, CancellationToken.None)).Outcome);

        // Batch waits (only the headroom is free); nothing queues on either node, so neither is saturated for an
        // interactive request, and only one has a slot free.
        room.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        using var leave = new CancellationTokenSource();
        var batch = f.Model.PlaceAsync(Batch, null, leave.Token).AsTask();
        Assert.Equal(1, f.Model.Queued);
        var chosen = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            chosen.Add((await f.Model.PlaceAsync(Interactive, null, CancellationToken.None)).Node!.Id);
        }

        Assert.All(chosen, id => Assert.Equal("room", id));
        await leave.CancelAsync();
        Assert.Equal(PlacementOutcome.Cancelled, (await batch.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task AnInteractiveRequestDoesNotWaitInTheModelQueueBehindABatchHeadThatHasNotStarted()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        var queue = silo.Queues.For("m");
        var a = f.Add("a", running: 7);
        a.ReportLoad(new NodeLoadSample(0, 7, 0.1, 100_000));
        Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(Interactive, null, CancellationToken.None)).Outcome);

        // Every node is saturated: a batch request takes the queue's turn and holds it until a node has room for batch;
        // then an interactive request lines up in the queue too (through the grain, not only at its silo).
        a.ReportLoad(new NodeLoadSample(2, 8, 0.1, 100_000));
        using var leave = new CancellationTokenSource();
        var batch = f.Model.PlaceAsync(Batch, null, leave.Token).AsTask();
        await UntilAsync(async () => await queue.Length() == 1);
        var chat = f.Model.PlaceAsync(Interactive, null, CancellationToken.None).AsTask();
        await UntilAsync(async () => await queue.Length() == 2);

        // One request queues on the node: room for an interactive one, none for batch (it never queues on a node while
        // interactive requests are about). The interactive request has a turn beside the batch head, and places.
        a.ReportLoad(new NodeLoadSample(1, 8, 0.1, 100_000));
        f.Nodes.Signal.Pulse();

        Assert.Same(a, (await chat.WaitAsync(TimeSpan.FromSeconds(10))).Node);
        Assert.False(batch.IsCompleted);
        await leave.CancelAsync();
        Assert.Equal(PlacementOutcome.Cancelled, (await batch.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    // Polls the grain until the condition holds (bounded): the calls it waits for cross into the silo.
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
