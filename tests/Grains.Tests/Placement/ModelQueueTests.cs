using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using GatoLink.PerSilo.Placement;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>One Orleans silo running the model grains, for the cluster-wide wait queue.</summary>
public sealed class ModelQueueSilo : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>The queues, over the silo's model grains.</summary>
    public ModelQueues Queues { get; private set; } = null!;

    /// <summary>The cluster's grains, through its client.</summary>
    public IGrainFactory Grains => _cluster?.Client ?? throw new InvalidOperationException("not deployed");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Services.AddSingleton(TimeProvider.System));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        Queues = new ModelQueues(_cluster.Client, NullLogger<ModelQueues>.Instance);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Requests wait in the model's queue (a real <c>ModelGrain</c>) when every node is saturated.</summary>
public sealed class ModelQueueTests(ModelQueueSilo silo) : IClassFixture<ModelQueueSilo>
{
    [Fact]
    public async Task WhenEveryNodeIsSaturatedTheRequestWaitsUntilOneIsNot()
    {
        var f = new PlacementFixture(queues: silo.Queues);
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
    public async Task AQueueWhoseSiloDiedIsJoinedAgainInsteadOfRefusingTheRequest()
    {
        var (factory, queue) = MovingQueue.Create();
        var f = new PlacementFixture(queues: new ModelQueues(factory, NullLogger<ModelQueues>.Instance));
        var a = f.Add("a", waiting: 9);
        var waiting = f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None).AsTask();
        for (var i = 0; i < 1000 && queue.Waits < 2 && !waiting.IsCompleted; i++)
        {
            // The retry waits a little (fake time): let it pass.
            f.Time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(5);
        }

        a.ReportLoad(new NodeLoadSample(0, 1, 0.1, 100_000));
        f.Nodes.Signal.Pulse();
        var d = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PlacementOutcome.Placed, d.Outcome);
        Assert.Equal(2, queue.Waits);
    }

    [Fact]
    public async Task QueuedRequestsLeaveInArrivalOrder()
    {
        var f = new PlacementFixture(queues: silo.Queues);
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
        var f = new PlacementFixture(queues: silo.Queues, options: new PlacementOptions { MaxQueueWait = TimeSpan.FromMilliseconds(150) });
        f.Add("a", waiting: 9);
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None);
        Assert.Equal(PlacementOutcome.Saturated, d.Outcome);
        Assert.Null(d.Node);
    }

    [Fact]
    public async Task AFullQueueRefusesAtOnce()
    {
        var f = new PlacementFixture(queues: silo.Queues, options: new PlacementOptions { MaxQueueLength = 0 });
        f.Add("a", waiting: 9);
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, CancellationToken.None);
        Assert.Equal(PlacementOutcome.QueueFull, d.Outcome);
    }

    [Fact]
    public async Task AClientThatLeavesWhileQueuedIsCancelled()
    {
        var f = new PlacementFixture(queues: silo.Queues);
        f.Add("a", waiting: 9);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var d = await f.Model.PlaceAsync(PlacementFixture.Request(), null, cts.Token);
        Assert.Equal(PlacementOutcome.Cancelled, d.Outcome);
    }

    [Fact]
    public async Task ATicketThatLeftBeforeItsFirstAskArrivedNeverTakesTheTurn()
    {
        // A client that gives up as it joins: its Leave can reach the grain before the WaitTurn sent first. Joining then
        // would hand the turn to nobody and hold the whole queue for the maximum wait.
        var queue = silo.Queues.For("left-before-asking");
        var gone = Guid.NewGuid();
        await queue.Leave(gone);
        var turn = await queue.WaitTurn(gone, QueueClaim.Anonymous, null, 10, TimeSpan.FromMinutes(1), QueueOrder.Fair, CancellationToken.None);
        Assert.Equal(QueueTurn.TimedOut, turn);
        Assert.Equal(0, await queue.Length());

        var next = await queue.WaitTurn(Guid.NewGuid(), QueueClaim.Anonymous, null, 10, TimeSpan.FromMinutes(1), QueueOrder.Fair, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(QueueTurn.Granted, next);
    }
}
