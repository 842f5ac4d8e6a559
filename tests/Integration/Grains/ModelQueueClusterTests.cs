using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Models;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Core.Internal;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Models;

namespace GatoLink.Integration.Tests.Grains;

/// <summary>The model's wait queue spans silos: requests waiting on two silos get their turns in arrival order.</summary>
public sealed class ModelQueueClusterTests
{
    [Fact]
    public async Task RequestsWaitingOnTwoSilosAreServedInArrivalOrderAndAFullQueueRefuses()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var options = new PlacementOptions { MaxQueueLength = 2, MaxQueueWait = TimeSpan.FromSeconds(20) };
        var placed = new ConcurrentQueue<string>();
        var (siloA, nodeA, nodesA) = Silo(grains, 0, options, placed, "A");
        var (siloB, nodeB, nodesB) = Silo(grains, 1, options, placed, "B");

        var first = siloA.PlaceAsync(new PlacementRequest("m", 10, 10, default), null, CancellationToken.None).AsTask();
        await WaitForQueueAsync(grains, 1);
        var second = siloB.PlaceAsync(new PlacementRequest("m", 10, 10, default), null, CancellationToken.None).AsTask();
        await WaitForQueueAsync(grains, 2);
        var third = await siloB.PlaceAsync(new PlacementRequest("m", 10, 10, default), null, CancellationToken.None);
        Assert.Equal(PlacementOutcome.QueueFull, third.Outcome);

        // Capacity appears on both silos' replicas at once: the head (silo A's) goes first, then silo B's.
        nodeB.ReportLoad(new NodeLoadSample(0, 1, 0.1, 100_000));
        nodeA.ReportLoad(new NodeLoadSample(0, 1, 0.1, 100_000));
        PulseUntil(nodesA, first);
        PulseUntil(nodesB, second);
        Assert.Equal(PlacementOutcome.Placed, (await first.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
        Assert.Equal(PlacementOutcome.Placed, (await second.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
        // The order of the placement decisions themselves (a task's completion can lag its decision on a busy machine).
        Assert.Equal(["A", "B"], placed.ToArray());
        // The placed head leaves the queue just after it is placed (without holding the request): the queue empties.
        await WaitForQueueAsync(grains, 0);
    }

    [Fact]
    public async Task TicketsOfASiloTheClusterDeclaresDeadLeaveTheQueueAndTheNextGetsItsTurn()
    {
        await using var grains = await GrainCluster.StartAsync(2);
        var name = "dead-silo-" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, await grains.FactoryOf(0).GetGrain<IModelGrain>(name).Length());
        var host = grains.HostOf(grains.FactoryOf(0).GetGrain<IModelGrain>(name));
        var doomed = grains.Cluster.Silos.Single(s => !s.SiloAddress.Equals(host.SiloAddress));
        var queue = grains.FactoryOf(grains.Cluster.Silos.IndexOf(host)).GetGrain<IModelGrain>(name);
        var wait = TimeSpan.FromMinutes(2);

        // The head: a request of the doomed silo that got its turn and, its silo gone, will never leave. Behind it: one
        // of the doomed silo still waiting, and one of the living silo.
        Assert.Equal(QueueTurn.Granted, await TurnAsync(queue, Guid.NewGuid(), doomed.SiloAddress, wait));
        var doomedWaiting = TurnAsync(queue, Guid.NewGuid(), doomed.SiloAddress, wait);
        await WaitForLengthAsync(queue, 2);
        var behind = TurnAsync(queue, Guid.NewGuid(), host.SiloAddress, wait);
        await WaitForLengthAsync(queue, 3);
        await Task.Delay(ModelGrain.AnswerWithin * 2);
        Assert.False(behind.IsCompleted, "the request behind a head that never leaves got its turn while that head's silo lived");

        await grains.Cluster.StopSiloAsync(doomed);

        // Both of the dead silo's tickets leave within seconds, not after the two-minute wait.
        Assert.Equal(QueueTurn.Granted, await behind.WaitAsync(TimeSpan.FromSeconds(20)));
        await WaitForLengthAsync(queue, 1);
        // Its open call ended (nobody would receive the answer) or, asked again, it was told the wait is over.
        var doomedEnd = await Record.ExceptionAsync(async () => Assert.NotEqual(QueueTurn.Granted, await doomedWaiting.WaitAsync(TimeSpan.FromSeconds(20))));
        Assert.True(doomedEnd is null or not Xunit.Sdk.XunitException, "a ticket of the dead silo got a turn");
    }

    [Fact]
    public async Task AQueueWhoseActivationIsDeactivatedUnderItsWaitersKeepsGivingTurns()
    {
        await using var grains = await GrainCluster.StartAsync(1);
        var queue = grains.FactoryOf(0).GetGrain<IModelGrain>("deactivated-" + Guid.NewGuid().ToString("N"));
        var silo = grains.Cluster.Silos[0].SiloAddress;
        var wait = TimeSpan.FromMinutes(2);
        var head = Guid.NewGuid();
        Assert.Equal(QueueTurn.Granted, await TurnAsync(queue, head, silo, wait));
        var behind = TurnAsync(queue, Guid.NewGuid(), silo, wait);
        await WaitForLengthAsync(queue, 2);

        // Orleans deactivates the activation, as it does when its silo leaves or the directory entry that registered it
        // was lost with another silo. It waits for the calls running on it and holds the ones that arrive meanwhile (the
        // head's Leave): a waiter's call left open until its turn stalled the queue for the whole two-minute wait.
        await queue.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await queue.Leave(head);

        Assert.Equal(QueueTurn.Granted, await behind.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    /// <summary>What a silo's placement queue does: asks with the same ticket until the answer is not "still waiting".</summary>
    private static async Task<QueueTurn> TurnAsync(IModelGrain queue, Guid ticket, SiloAddress silo, TimeSpan wait)
    {
        QueueTurn turn;
        do
        {
            turn = await queue.WaitTurn(ticket, QueueClaim.Anonymous, silo, 10, wait, QueueOrder.Fair, CancellationToken.None);
        }
        while (turn == QueueTurn.Waiting);
        return turn;
    }

    private static (ModelRoute Route, NodeReplica Node, NodeDirectory Nodes) Silo(GrainCluster grains, int silo, PlacementOptions options, ConcurrentQueue<string>? placed = null, string name = "")
    {
        var nodes = new NodeDirectory(TimeProvider.System, new NodeHealthOptions());
        var node = nodes.Upsert(new GpuNodeRecord("n", new Uri("http://n/"), EngineKind.Vllm, ["m"], 0, new Dictionary<string, string>(), false, DateTimeOffset.UtcNow));
        node.ReportLoad(new NodeLoadSample(options.QueueThreshold + 5, 8, 0.5, 100_000));
        var queues = new ModelQueues(grains.FactoryOf(silo), NullLogger<ModelQueues>.Instance);
        var route = new ModelRoute(new ModelRecord("m", [], 8192, 256, PlacementStrategyKind.GatoLink, DateTimeOffset.UtcNow), nodes, new RecordingStrategies(new DefaultPlacementStrategyFactory(options), placed ?? new(), name), queues, options, TimeProvider.System);
        return (route, node, nodes);
    }

    /// <summary>Strategies that note the silo's name each time they place a request.</summary>
    private sealed class RecordingStrategies(IPlacementStrategyFactory inner, ConcurrentQueue<string> placed, string name) : IPlacementStrategyFactory
    {
        public IPlacementStrategy Create(PlacementStrategyKind kind) => new Recording(inner.Create(kind), placed, name);

        private sealed class Recording(IPlacementStrategy inner, ConcurrentQueue<string> placed, string name) : IPlacementStrategy
        {
            public PlacementStrategyKind Kind => inner.Kind;

            public NodeReplica? Choose(PlacementRequest request, IReadOnlyList<NodeReplica> candidates)
            {
                var chosen = inner.Choose(request, candidates);
                if (chosen is not null)
                {
                    placed.Enqueue(name);
                }

                return chosen;
            }
        }
    }

    /// <summary>What a silo's sync loop does every poll interval: a capacity pulse for its waiting requests.</summary>
    private static void PulseUntil(NodeDirectory nodes, Task until) =>
        _ = Task.Run(async () =>
        {
            while (!until.IsCompleted)
            {
                nodes.Signal.Pulse();
                await Task.Delay(20);
            }
        });

    private static Task WaitForQueueAsync(GrainCluster grains, int length) =>
        WaitForLengthAsync(grains.FactoryOf(0).GetGrain<IModelGrain>("m"), length);

    private static async Task WaitForLengthAsync(IModelGrain queue, int length)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await queue.Length() != length)
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
