using GatoLink.Grains.Tests.Quotas;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Placement;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>
/// The batch headroom follows the interactive demand: the mean count of interactive requests in flight, and the slots a
/// Poisson count with that mean rarely exceeds (bench/fairness: three chats within 40 ms found one slot per node taken).
/// </summary>
public sealed class InteractiveDemandTests(ModelQueueSilo silo) : IClassFixture<ModelQueueSilo>
{
    private static readonly PlacementRequest Batch = PlacementFixture.Request() with { Claim = new QueueClaim(Guid.NewGuid(), PriorityClass.Batch, 1, null, 20) };
    private static readonly QueueClaim Chat = new(Guid.NewGuid(), PriorityClass.Interactive, 1, null, 20);

    [Theory]
    [InlineData(0.0, 0.95, 1)]
    [InlineData(0.9, 0.95, 4)]
    [InlineData(0.9, 0.99, 5)]
    [InlineData(3.0, 0.95, 7)]
    [InlineData(0.9, 0.0, 0)]
    public void TheReserveIsThePoissonCountReachedWithAtMostTheMissProbability(double mean, double target, int slots)
    {
        Assert.Equal(slots, InteractiveDemand.Reserve(mean, target));
        // The defining property: reaching the reserve is rare enough, reaching one slot fewer is not.
        if (slots > 0)
        {
            Assert.True(AtLeast(mean, slots) <= 1 - target);
            Assert.True(AtLeast(mean, slots - 1) > 1 - target);
        }
    }

    [Fact]
    public void TheMeanIsTheTimeAverageOfTheCountRisingInSecondsAndFallingOverTheSlowWindow()
    {
        var time = new FakeTimeProvider();
        var demand = new InteractiveDemand(time, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        Assert.Equal(0, demand.Mean);

        // Two in flight for 10 s: the fast average is 2 (1 − e^−1).
        var a = demand.Enter();
        var b = demand.Enter();
        Assert.Equal(2, demand.InFlight);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2 * (1 - Math.Exp(-1)), demand.Mean, 6);

        // Held long enough, the mean is the count.
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(2, demand.Mean, 3);

        // Half the time one, half none, in steps shorter than either window: about a half.
        a.Dispose();
        b.Dispose();
        for (var i = 0; i < 20_000; i++)
        {
            using (demand.Enter())
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(0, demand.InFlight);
        Assert.InRange(demand.Mean, 0.45, 0.55);

        // After a minute without any, it still holds most of it: the first chat after a pause finds its slot.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.InRange(demand.Mean, 0.5 * Math.Exp(-0.2) - 0.05, 0.5 * Math.Exp(-0.2) + 0.05);
    }

    [Fact]
    public async Task BatchLeavesMoreSlotsFreeOnEveryNodeWhenTheInteractiveDemandNeedsThem()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        var a = f.Add("a", waiting: 2, running: 8);
        var b = f.Add("b", waiting: 2, running: 8);
        // Each node runs six of its eight. A chat came and went: batch keeps the headroom.
        a.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        b.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        using (f.Model.Interactive.Track(Chat))
        {
            Assert.Equal(PlacementOutcome.Placed, (await f.Model.PlaceAsync(PlacementFixture.Request() with { Claim = Chat }, null, CancellationToken.None)).Outcome);
        }

        // Little demand: one slot per node is enough, so batch takes a third-last slot.
        var first = f.Model.PlaceAsync(Batch, null, CancellationToken.None);
        Assert.True(first.IsCompleted);
        Assert.Equal(PlacementOutcome.Placed, (await first).Outcome);
        a.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        b.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));

        // Three chats in flight at once for a minute: a Poisson count of mean 3 reaches 7 only 3 % of the time, so batch
        // leaves 4 slots per node free and waits with two free on each.
        var chats = Enumerable.Range(0, 3).Select(_ => f.Model.Interactive.Track(Chat)).ToList();
        f.Time.Advance(TimeSpan.FromMinutes(1));
        a.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        b.ReportLoad(new NodeLoadSample(0, 6, 0.1, 100_000));
        using var leave = new CancellationTokenSource();
        var held = f.Model.PlaceAsync(Batch, null, leave.Token);
        Assert.False(held.IsCompleted);
        chats.ForEach(c => c.Dispose());
        await leave.CancelAsync();
        Assert.Equal(PlacementOutcome.Cancelled, (await held.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public void OnlyInteractiveRequestsInTheFairOrderCount()
    {
        var f = new PlacementFixture();
        using (f.Model.Interactive.Track(Batch.QueueClaim))
        {
            Assert.Equal(0, f.Model.Interactive.Demand.InFlight);
        }

        using (f.Model.Interactive.Track(Chat))
        {
            Assert.Equal(1, f.Model.Interactive.Demand.InFlight);
        }

        Assert.Equal(0, f.Model.Interactive.Demand.InFlight);
        var fifo = new PlacementFixture(options: new PlacementOptions { QueueOrder = QueueOrder.Fifo });
        using (fifo.Model.Interactive.Track(Chat))
        {
            Assert.Equal(0, fifo.Model.Interactive.Demand.InFlight);
        }
    }

    // P(N ≥ r) for N ~ Poisson(mean), summed directly.
    private static double AtLeast(double mean, int r)
    {
        var below = 0.0;
        var p = Math.Exp(-mean);
        for (var k = 0; k < r; k++)
        {
            below += p;
            p *= mean / (k + 1);
        }

        return 1 - below;
    }
}
