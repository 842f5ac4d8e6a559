using Orleans.Concurrency;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Placement;

namespace GatoLink.Grains.Models;

/// <summary>
/// A model's cluster-wide wait queue. Reentrant: a waiter's call stays open until its turn, while other waiters join
/// and the head leaves; every change to the queue happens between awaits, on the grain's single thread. A head whose
/// silo died never leaves: after its maximum wait its turn is taken back. Bounds come with each call, as the silos are
/// configured (<see cref="PlacementOptions.MaxQueueLength"/>, <see cref="PlacementOptions.MaxQueueWait"/>).
/// </summary>
[Reentrant]
public sealed class ModelGrain : Grain, IModelGrain
{
    private readonly LinkedList<Waiter> _queue = new();
    private readonly Dictionary<Guid, LinkedListNode<Waiter>> _tickets = [];
    private readonly TimeProvider _time;

    /// <summary>Creates the grain.</summary>
    public ModelGrain(TimeProvider time) => _time = time;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ReclaimHeadAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<QueueTurn> WaitTurn(Guid ticket, int maxLength, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (_queue.Count >= maxLength)
        {
            return QueueTurn.Full;
        }

        var waiter = new Waiter(ticket, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), maxWait);
        _tickets[ticket] = _queue.AddLast(waiter);
        if (_queue.Count == 1)
        {
            Grant(waiter);
        }

        try
        {
            await waiter.Turn.Task.WaitAsync(maxWait, _time, cancellationToken);
            return QueueTurn.Granted;
        }
        catch (TimeoutException)
        {
            Remove(ticket);
            return QueueTurn.TimedOut;
        }
        catch (OperationCanceledException)
        {
            Remove(ticket);
            throw;
        }
    }

    /// <inheritdoc />
    public Task Leave(Guid ticket)
    {
        Remove(ticket);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> Length() => Task.FromResult(_queue.Count);

    private void Remove(Guid ticket)
    {
        if (!_tickets.Remove(ticket, out var node))
        {
            return;
        }

        var wasHead = node == _queue.First;
        _queue.Remove(node);
        if (wasHead && _queue.First is { } next)
        {
            Grant(next.Value);
        }
    }

    private void Grant(Waiter waiter)
    {
        waiter.GrantedAt = _time.GetTimestamp();
        waiter.Turn.TrySetResult();
    }

    private Task ReclaimHeadAsync(CancellationToken ct)
    {
        if (_queue.First?.Value is { GrantedAt: > 0 } head && _time.GetElapsedTime(head.GrantedAt) > head.MaxWait)
        {
            Remove(head.Ticket);
        }

        return Task.CompletedTask;
    }

    private sealed class Waiter(Guid ticket, TaskCompletionSource turn, TimeSpan maxWait)
    {
        public Guid Ticket { get; } = ticket;

        public TimeSpan MaxWait { get; } = maxWait;

        public TaskCompletionSource Turn { get; } = turn;

        public long GrantedAt { get; set; }
    }
}
