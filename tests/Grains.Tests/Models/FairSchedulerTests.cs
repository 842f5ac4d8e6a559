using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Models;
using Microsoft.Extensions.Time.Testing;

namespace GatoLink.Grains.Tests.Models;

/// <summary>The order of a saturated model's queue on synthetic queues: weights, GPU work, classes, borrowing, guarantees, refusals.</summary>
public sealed class FairSchedulerTests
{
    private static readonly Guid A = new("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly Guid B = new("bbbbbbbb-0000-0000-0000-000000000000");
    private static readonly Guid C = new("cccccccc-0000-0000-0000-000000000000");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<Guid, Guid> _tenantOf = [];

    [Fact]
    public void TwoFloodingTenantsOfWeightsThreeAndOneAreServedThreeToOne()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 200, weight: 3);
        Flood(queue, B, 200, weight: 1);

        var served = Serve(queue, 100);

        // Exactly 3:1 but for a tie at a cycle's edge, which goes to the earlier arrival.
        Assert.InRange(served.Count(t => t == A), 74, 76);
        Assert.Equal(100, served.Count);
    }

    [Fact]
    public void SharesAreMeasuredInGpuWorkNotInRequests()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 100, work: 1_000);
        Flood(queue, B, 100, work: 100);

        var served = Serve(queue, 44);

        // Equal weights: equal work. A's request is ten of B's.
        Assert.Equal(4, served.Count(t => t == A));
        Assert.Equal(40, served.Count(t => t == B));
    }

    [Fact]
    public void InteractiveGoesBeforeBatchButBatchGetsOneTurnInTen()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 50, priority: PriorityClass.Batch);
        Flood(queue, B, 50, weight: 1);

        var served = Serve(queue, 30);

        Assert.Equal([9, 19, 29], BatchTurns(served));
    }

    [Fact]
    public void BatchAloneIsServedAtOnceAndNeverStarvesUnderAnInteractiveFlood()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 5, priority: PriorityClass.Batch);

        Assert.Equal(A, Tenant(queue.Next()));
        Flood(queue, B, 1_000);
        var served = Serve(queue, 40);

        Assert.Equal(4, served.Count(t => t == A));
    }

    [Fact]
    public void AnIdleTenantsShareIsBorrowedAndReturnedAsSoonAsItSendsWithoutABankedBurst()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 300);
        var alone = Serve(queue, 100);
        Flood(queue, B, 100);

        var after = Serve(queue, 40);

        Assert.All(alone, t => Assert.Equal(A, t));
        // B is served at once, not behind A's backlog, and then as much as A: the share it did not use is not owed back.
        Assert.Equal(B, after[0]);
        Assert.Equal(20, after.Count(t => t == B));
    }

    [Fact]
    public void AGuaranteedShareHoldsAgainstAHeavierTenant()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 300, weight: 9);
        Flood(queue, B, 300, weight: 1, guaranteed: 0.4);

        var served = Serve(queue, 200);

        Assert.InRange(served.Count(t => t == B), 78, 82);
    }

    [Fact]
    public void AFullQueueRefusesFromTheTenantFurthestOverItsShare()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 8, weight: 1);
        Flood(queue, B, 2, weight: 1);

        var forB = queue.Victim(Claim(B, 1, 100, PriorityClass.Interactive));
        var forA = queue.Victim(Claim(A, 1, 100, PriorityClass.Interactive));
        var forHeavyC = queue.Victim(Claim(C, 10, 100, PriorityClass.Interactive));

        // B's newcomer pushes out A's newest request; A's own newcomer is the one refused.
        Assert.Equal(A, Tenant(forB));
        Assert.Null(forA);
        Assert.Equal(A, Tenant(forHeavyC));
    }

    [Fact]
    public void AnInteractiveNewcomerPushesOutABatchRequestAndABatchNewcomerDoesNotPushOutInteractive()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 2, priority: PriorityClass.Batch, weight: 100);
        Flood(queue, B, 8, weight: 1);

        var forInteractive = queue.Victim(Claim(C, 1, 100, PriorityClass.Interactive));
        var forBatch = queue.Victim(Claim(C, 1, 100, PriorityClass.Batch));

        Assert.Equal(A, Tenant(forInteractive));
        Assert.Null(forBatch);
    }

    [Fact]
    public void TheRealUsageCorrectsTheEstimate()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 50, work: 100);
        Flood(queue, B, 50, work: 100);
        var firstA = queue.Next()!.Value;
        var firstB = queue.Next()!.Value;

        // A's first request really used ten times its estimate: B goes next until the difference is served.
        queue.Correct(firstA, 1_000);
        var next = Serve(queue, 10);

        Assert.Equal([A, B], [Tenant(firstA), Tenant(firstB)]);
        Assert.Equal(9, next.Count(t => t == B));
    }

    [Fact]
    public void OnlyAServedRequestCorrectsItsTenantsShareAndOnlyOnce()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 50, work: 100);
        Flood(queue, B, 50, work: 100);
        var waiting = queue.Lanes.Single(l => l.TenantId == B).Of(PriorityClass.Interactive).Last!.Value.Item;
        var served = queue.Next()!.Value;

        // A request taken out without a turn (refused, pushed out, timed out) used nothing, and was never counted: its
        // "used nothing" credits nobody; a served one's correction counts once.
        queue.Remove(waiting);
        queue.Correct(waiting, 0);
        queue.Correct(Guid.NewGuid(), 0);
        queue.Correct(served, 300);
        queue.Correct(served, 0);
        var next = Serve(queue, 4);

        Assert.Equal(A, Tenant(served));
        Assert.Equal([B, B, B, A], next);
    }

    [Fact]
    public void ServedWorkIsForgottenWithTheHalfLife()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 10, work: 100);
        Serve(queue, 10);
        Flood(queue, B, 1, work: 100);
        Serve(queue, 1);
        var before = queue.ServedShare(A);

        _time.Advance(FairScheduler.ServedHalfLife * 20);
        Flood(queue, B, 1, work: 100);
        Serve(queue, 1);

        Assert.Equal(10.0 / 11, before, 3);
        Assert.True(queue.ServedShare(B) > 0.99, $"B's share {queue.ServedShare(B)}");
    }

    private static int[] BatchTurns(List<Guid> served) => [.. served.Select((t, i) => (t, i)).Where(x => x.t == A).Select(x => x.i)];

    [Fact]
    public void FifoOrderServesByArrivalWhateverTheWeightsAndClassesAndRefusesTheNewcomer()
    {
        var queue = new FairScheduler(_time) { Order = QueueOrder.Fifo };
        Flood(queue, A, 3, priority: PriorityClass.Batch);
        Flood(queue, B, 2, weight: 9);
        Flood(queue, A, 1, priority: PriorityClass.Batch);

        var served = Serve(queue, 6);

        Assert.Equal([A, A, A, B, B, A], served);
        Flood(queue, A, 4, priority: PriorityClass.Batch, weight: 1);
        Assert.Null(queue.Victim(Claim(B, 9, 100, PriorityClass.Interactive)));
    }

    [Fact]
    public void TheNextOfOneClassIsTakenInItsFairOrderAndNoneWhenTheClassIsEmpty()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, A, 4, priority: PriorityClass.Batch);
        Assert.Null(queue.Next(PriorityClass.Interactive));

        Flood(queue, B, 4, weight: 3);
        Flood(queue, C, 4, weight: 1);
        var served = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            served.Add(Tenant(queue.Next(PriorityClass.Interactive)));
        }

        Assert.Equal(3, served.Count(t => t == B));
        Assert.Equal(4, queue.Lanes.Single(l => l.TenantId == A).Count);
    }

    [Fact]
    public void WorkServedInOneClassDoesNotMoveTheOtherClasssClock()
    {
        var queue = new FairScheduler(_time);
        Flood(queue, C, 50);
        for (var i = 0; i < 50; i++)
        {
            queue.Next(PriorityClass.Interactive);
        }

        // The interactive clock ran far ahead; the batch tenants still share by weight from their first turn.
        Flood(queue, A, 200, weight: 3, priority: PriorityClass.Batch);
        Flood(queue, B, 200, weight: 1, priority: PriorityClass.Batch);
        var served = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            served.Add(Tenant(queue.Next(PriorityClass.Batch)));
        }

        Assert.InRange(served.Count(t => t == A), 74, 76);
    }

    private void Flood(FairScheduler queue, Guid tenant, int count, int weight = 1, long work = 100, PriorityClass priority = PriorityClass.Interactive, double? guaranteed = null)
    {
        for (var i = 0; i < count; i++)
        {
            var ticket = Guid.NewGuid();
            _tenantOf[ticket] = tenant;
            queue.Enqueue(ticket, Claim(tenant, weight, work, priority, guaranteed));
        }
    }

    private List<Guid> Serve(FairScheduler queue, int count)
    {
        var served = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            served.Add(Tenant(queue.Next()));
        }

        return served;
    }

    private Guid Tenant(Guid? ticket) => ticket is { } t ? _tenantOf[t] : throw new InvalidOperationException("nothing served");

    private static QueueClaim Claim(Guid tenant, int weight, long work, PriorityClass priority, double? guaranteed = null) => new(tenant, priority, weight, guaranteed, work);
}
