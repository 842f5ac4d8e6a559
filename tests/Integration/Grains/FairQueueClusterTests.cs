using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>
/// A saturated model's queue on a two-silo cluster, its turns driven by the heads leaving (no clock in the order):
/// tenants share the turns by weight across silos, and a batch flood does not hold an interactive request back.
/// </summary>
public sealed class FairQueueClusterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TenantsOfWeightsThreeAndOneWaitingOnTwoSilosGetThreeTurnsInFour()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var name = "weighted-" + Guid.NewGuid().ToString("N");
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var waiting = new Dictionary<Task<QueueTurn>, (Guid Ticket, Guid Tenant)>();
        // A blocker holds the head while both tenants line up, A's requests from one silo and B's from the other.
        var blocker = Guid.NewGuid();
        Assert.Equal(QueueTurn.Granted, await TurnAsync(grains, 0, name, blocker, QueueClaim.Anonymous));
        for (var i = 0; i < 40; i++)
        {
            Join(grains, 0, name, a, new QueueClaim(a, PriorityClass.Batch, 3, null, 500), waiting);
            Join(grains, 1, name, b, new QueueClaim(b, PriorityClass.Batch, 1, null, 500), waiting);
        }

        await WaitForLengthAsync(grains, name, 81);
        await grains.FactoryOf(0).GetGrain<IModelGrain>(name).Leave(blocker);
        var order = await TakeTurnsAsync(grains, name, waiting, 40);

        Assert.Equal(30, order.Count(t => t == a));
        Assert.Equal(10, order.Count(t => t == b));
    }

    [Fact]
    public async Task ABatchFloodDoesNotPushAnInteractiveRequestsWaitUp()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var name = "flooded-" + Guid.NewGuid().ToString("N");
        var (batch, interactive) = (Guid.NewGuid(), Guid.NewGuid());
        var waiting = new Dictionary<Task<QueueTurn>, (Guid Ticket, Guid Tenant)>();
        var blocker = Guid.NewGuid();
        Assert.Equal(QueueTurn.Granted, await TurnAsync(grains, 0, name, blocker, QueueClaim.Anonymous));
        for (var i = 0; i < 60; i++)
        {
            Join(grains, 0, name, batch, new QueueClaim(batch, PriorityClass.Batch, 10, null, 2_000), waiting);
        }

        await WaitForLengthAsync(grains, name, 61);
        Join(grains, 1, name, interactive, new QueueClaim(interactive, PriorityClass.Interactive, 1, null, 50), waiting);
        await WaitForLengthAsync(grains, name, 62);
        await grains.FactoryOf(0).GetGrain<IModelGrain>(name).Leave(blocker);
        var order = await TakeTurnsAsync(grains, name, waiting, 12);

        // Behind sixty batch requests of a heavier tenant, the interactive one is next; batch keeps its trickle after it.
        Assert.Equal(interactive, order[0]);
        Assert.All(order.Skip(1), t => Assert.Equal(batch, t));
    }

    [Fact]
    public async Task AnInteractiveRequestGetsATurnBesideABatchHeadStillWaitingForANode()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var name = "beside-" + Guid.NewGuid().ToString("N");
        var (batch, interactive) = (Guid.NewGuid(), Guid.NewGuid());
        var waiting = new Dictionary<Task<QueueTurn>, (Guid Ticket, Guid Tenant)>();
        var head = Guid.NewGuid();
        Assert.Equal(QueueTurn.Granted, await TurnAsync(grains, 0, name, head, new QueueClaim(batch, PriorityClass.Batch, 1, null, 2_000)));
        for (var i = 0; i < 5; i++)
        {
            Join(grains, 0, name, batch, new QueueClaim(batch, PriorityClass.Batch, 1, null, 2_000), waiting);
        }

        await WaitForLengthAsync(grains, name, 6);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var claim = new QueueClaim(interactive, PriorityClass.Interactive, 1, null, 50);

        // The batch head keeps its turn (no node has room for batch yet); the interactive request gets one beside it, from the other silo.
        Assert.Equal(QueueTurn.Granted, await TurnAsync(grains, 1, name, first, claim));
        var next = TurnAsync(grains, 1, name, second, claim);
        await WaitForLengthAsync(grains, name, 8);
        Assert.False(next.IsCompleted);

        // One turn beside the head at a time: the second interactive request has it once the first leaves, the batch ones wait on.
        await grains.FactoryOf(1).GetGrain<IModelGrain>(name).Leave(first);
        Assert.Equal(QueueTurn.Granted, await next.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(waiting.Keys, t => Assert.False(t.IsCompleted));
        Assert.Equal(7, await grains.FactoryOf(0).GetGrain<IModelGrain>(name).Length());
    }

    private static void Join(GrainCluster grains, int silo, string name, Guid tenant, QueueClaim claim, Dictionary<Task<QueueTurn>, (Guid, Guid)> waiting)
    {
        var ticket = Guid.NewGuid();
        waiting[TurnAsync(grains, silo, name, ticket, claim)] = (ticket, tenant);
    }

    // The head leaves as soon as it has its turn (it was placed), and the next gets its turn: their tenants in order.
    private static async Task<List<Guid>> TakeTurnsAsync(GrainCluster grains, string name, Dictionary<Task<QueueTurn>, (Guid Ticket, Guid Tenant)> waiting, int turns)
    {
        var order = new List<Guid>(turns);
        var queue = grains.FactoryOf(0).GetGrain<IModelGrain>(name);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (order.Count < turns)
        {
            var done = await Task.WhenAny(waiting.Keys).WaitAsync(deadline.Token);
            var (ticket, tenant) = waiting[done];
            waiting.Remove(done);
            Assert.Equal(QueueTurn.Granted, await done);
            order.Add(tenant);
            await queue.Leave(ticket);
        }

        return order;
    }

    /// <summary>What a silo's placement queue does: asks with the same ticket until the answer is not "still waiting".</summary>
    private static async Task<QueueTurn> TurnAsync(GrainCluster grains, int silo, string name, Guid ticket, QueueClaim claim)
    {
        var queue = grains.FactoryOf(silo).GetGrain<IModelGrain>(name);
        var from = grains.Cluster.Silos[silo].SiloAddress;
        QueueTurn turn;
        do
        {
            turn = await queue.WaitTurn(ticket, claim, from, 1_000, Wait, QueueOrder.Fair, CancellationToken.None);
        }
        while (turn == QueueTurn.Waiting);
        return turn;
    }

    private static async Task WaitForLengthAsync(GrainCluster grains, string name, int length)
    {
        var queue = grains.FactoryOf(0).GetGrain<IModelGrain>(name);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await queue.Length() != length)
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
