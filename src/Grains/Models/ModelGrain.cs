using Orleans.Concurrency;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Placement;
using GatoLink.Grains.Quotas;
using Orleans.Placement;

namespace GatoLink.Grains.Models;

/// <summary>
/// A model's cluster-wide wait queue. Reentrant: a waiter's call stays open until its turn or for at most
/// <see cref="AnswerWithin"/> (then it asks again and keeps its place), while other waiters join and the head leaves;
/// every change to the queue happens between awaits, on the grain's single thread. No call stays open longer: Orleans
/// deactivates an activation only once its running calls end, and it holds the calls that arrive meanwhile (the head's
/// <see cref="Leave"/> among them), so one open call per waiter stalled the whole queue for the waiters' maximum wait
/// whenever the activation was deactivated under load. A ticket whose silo died never leaves: once the cluster declares
/// that silo dead its tickets are dropped (checked every second), so the requests behind do not wait for a turn nobody
/// will use; a waiter that stopped asking is dropped the same way, and a head that keeps its turn past its maximum wait
/// loses it too. Bounds come with each call, as the silos are configured (<see cref="PlacementOptions.MaxQueueLength"/>,
/// <see cref="PlacementOptions.MaxQueueWait"/>).
/// </summary>
/// <remarks>
/// Immovable: the queue lives in its waiters' open calls, so Orleans moving the grain when its silo shuts down
/// (which 10.4.2 does for an activation with a request waiting, and a timer tick is one) would carry nothing over, and
/// on the last silo the move finds no destination and logs an error on an orderly stop. A request that waits is
/// forwarded instead.
/// </remarks>
[Immovable]
[Reentrant]
public sealed class ModelGrain : Grain, IModelGrain
{
    /// <summary>The longest a <see cref="WaitTurn"/> call stays open before it answers <see cref="QueueTurn.Waiting"/>.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1);

    /// <summary>A waiter that has not asked for this long stopped waiting (its caller is gone) and leaves the queue.</summary>
    private static readonly TimeSpan AbandonedAfter = AnswerWithin * 5;

    private readonly LinkedList<Waiter> _queue = new();
    private readonly Dictionary<Guid, LinkedListNode<Waiter>> _tickets = [];
    private readonly TimeProvider _time;
    private readonly IClusterMembershipService _membership;
    private readonly QueueWaits _waits;

    /// <summary>Creates the grain.</summary>
    public ModelGrain(TimeProvider time, IClusterMembershipService membership)
    {
        _time = time;
        _membership = membership;
        _waits = new QueueWaits(time);
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ReclaimTurnsAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<QueueTurn> WaitTurn(Guid ticket, SiloAddress? from, int maxLength, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (DeadSilos.IsDead(_membership.CurrentSnapshot, from))
        {
            // Asked again for a request whose silo died (the call was on its way): it has nobody to serve.
            Remove(ticket);
            return QueueTurn.TimedOut;
        }

        var now = _time.GetTimestamp();
        if (!_tickets.TryGetValue(ticket, out var node))
        {
            if (_queue.Count >= maxLength)
            {
                return QueueTurn.Full;
            }

            node = _queue.AddLast(new Waiter(ticket, from, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), maxWait, now));
            _tickets[ticket] = node;
            if (_queue.Count == 1)
            {
                Grant(node.Value);
            }
        }

        var waiter = node.Value;
        waiter.AskedAt = now;
        var left = waiter.MaxWait - _time.GetElapsedTime(waiter.JoinedAt, now);
        if (left <= TimeSpan.Zero && !waiter.Turn.Task.IsCompleted)
        {
            Remove(ticket);
            return QueueTurn.TimedOut;
        }

        try
        {
            var slice = left < AnswerWithin ? left : AnswerWithin;
            await waiter.Turn.Task.WaitAsync(slice > TimeSpan.Zero ? slice : TimeSpan.Zero, _time, cancellationToken);
            return QueueTurn.Granted;
        }
        catch (TimeoutException) when (left > AnswerWithin && _tickets.ContainsKey(ticket))
        {
            return QueueTurn.Waiting;
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

    /// <inheritdoc />
    public Task<QueueStats> Stats() => Task.FromResult(new QueueStats(_queue.Count, _waits.P95Seconds()));

    private void Remove(Guid ticket)
    {
        if (!_tickets.Remove(ticket, out var node))
        {
            return;
        }

        var wasHead = node == _queue.First;
        _queue.Remove(node);
        _waits.Add(_time.GetElapsedTime(node.Value.JoinedAt));
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

    private Task ReclaimTurnsAsync(CancellationToken ct)
    {
        if (_queue.Count > 0)
        {
            var members = _membership.CurrentSnapshot;
            // From the tail, so that a dead head is dropped last and its turn goes to a living ticket.
            for (var node = _queue.Last; node is not null;)
            {
                var next = node.Previous;
                var waiter = node.Value;
                var abandoned = waiter.GrantedAt == 0 && _time.GetElapsedTime(waiter.AskedAt) > AbandonedAfter;
                if (abandoned || DeadSilos.IsDead(members, waiter.From))
                {
                    // Its request died with its silo or stopped asking: a waiting call ends (nobody receives the answer),
                    // a head leaves.
                    waiter.Turn.TrySetCanceled(CancellationToken.None);
                    Remove(waiter.Ticket);
                }

                node = next;
            }
        }

        if (_queue.First?.Value is { GrantedAt: > 0 } head && _time.GetElapsedTime(head.GrantedAt) > head.MaxWait)
        {
            Remove(head.Ticket);
        }

        return Task.CompletedTask;
    }

    private sealed class Waiter(Guid ticket, SiloAddress? from, TaskCompletionSource turn, TimeSpan maxWait, long joinedAt)
    {
        public long JoinedAt { get; } = joinedAt;

        public long AskedAt { get; set; } = joinedAt;

        public Guid Ticket { get; } = ticket;

        public SiloAddress? From { get; } = from;

        public TimeSpan MaxWait { get; } = maxWait;

        public TaskCompletionSource Turn { get; } = turn;

        public long GrantedAt { get; set; }
    }
}
