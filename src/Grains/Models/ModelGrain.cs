using Orleans.Concurrency;
using GatoLink.Grains.Abstractions.Keys;
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
/// <see cref="PlacementOptions.MaxQueueWait"/>), and so does the order (<see cref="PlacementOptions.QueueOrder"/>).
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

    private readonly Dictionary<Guid, QueueWaiter> _tickets = [];
    private readonly Dictionary<Guid, long> _refused = [];

    // Tickets that left before their first ask arrived (see Leave), until AbandonedAfter: the late ask must not join.
    private readonly Dictionary<Guid, long> _left = [];
    private readonly TimeProvider _time;
    private readonly IClusterMembershipService _membership;
    private readonly QueueWaits _waits;
    private readonly FairScheduler _order;
    private QueueWaiter? _head;

    // In the fair order, an interactive request's turn beside a batch head: a batch head may wait long for a node (it
    // leaves the interactive headroom free), and an interactive request must not wait for it to place.
    private QueueWaiter? _beside;

    /// <summary>Creates the grain.</summary>
    public ModelGrain(TimeProvider time, IClusterMembershipService membership)
    {
        _time = time;
        _membership = membership;
        _waits = new QueueWaits(time);
        _order = new FairScheduler(time);
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ReclaimTurnsAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<QueueTurn> WaitTurn(Guid ticket, QueueClaim claim, SiloAddress? from, int maxLength, TimeSpan maxWait, QueueOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        _order.Order = order;
        if (DeadSilos.IsDead(_membership.CurrentSnapshot, from))
        {
            // Asked again for a request whose silo died (the call was on its way): it has nobody to serve.
            Remove(ticket);
            return QueueTurn.TimedOut;
        }

        if (_left.Remove(ticket) || cancellationToken.IsCancellationRequested)
        {
            // Its caller left before this ask was served: joining would hand a turn to nobody, and as the head it would hold
            // the whole queue until its maximum wait.
            return QueueTurn.TimedOut;
        }

        if (_refused.Remove(ticket))
        {
            // Pushed out of a full queue by a request with a better claim while it was between two asks.
            return QueueTurn.Full;
        }

        var now = _time.GetTimestamp();
        if (!_tickets.TryGetValue(ticket, out var waiter))
        {
            if (_tickets.Count >= maxLength && !MakeRoomFor(claim, now))
            {
                return QueueTurn.Full;
            }

            waiter = new QueueWaiter(ticket, claim, from, new TaskCompletionSource<QueueTurn>(TaskCreationOptions.RunContinuationsAsynchronously), maxWait, now);
            _tickets[ticket] = waiter;
            _order.Enqueue(ticket, claim);
            if (_head is null && _order.Next() is { } next)
            {
                // Nobody holds the turn, so nobody waits: this one (the only one in the order) gets it, counted as served.
                Grant(_tickets[next]);
            }
            else
            {
                GrantBeside();
            }
        }

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
            return await waiter.Turn.Task.WaitAsync(slice > TimeSpan.Zero ? slice : TimeSpan.Zero, _time, cancellationToken);
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
        if (!_tickets.ContainsKey(ticket))
        {
            // A caller that gave up while its first ask was on its way leaves first: Orleans does not keep one caller's
            // calls in order, nor cancel a call its callee has not received yet. Remember it, so that the ask does not join.
            _left[ticket] = _time.GetTimestamp();
            return Task.CompletedTask;
        }

        Remove(ticket);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Served(Guid ticket, long actualWork)
    {
        _order.Correct(ticket, actualWork);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> Length() => Task.FromResult(_tickets.Count);

    /// <inheritdoc />
    public Task<QueueStats> Stats() => Task.FromResult(new QueueStats(_tickets.Count, _waits.P95Seconds()));

    /// <inheritdoc />
    public Task<TenantQueue[]> ByTenant()
    {
        var now = _time.GetTimestamp();
        var report = _tickets.Values
            .GroupBy(w => w.Claim.TenantId)
            .Select(g => new TenantQueue(
                g.Key,
                g.Count(w => w.Claim.Class == PriorityClass.Interactive),
                g.Count(w => w.Claim.Class == PriorityClass.Batch),
                g.Max(w => _time.GetElapsedTime(w.JoinedAt, now).TotalSeconds),
                g.Sum(w => w.Claim.Work),
                g.Last().Claim.Weight,
                _order.ServedShare(g.Key)))
            .OrderByDescending(t => t.QueuedWork)
            .ToArray();
        return Task.FromResult(report);
    }

    // The queue is full: a waiter with a worse claim leaves it (told Full) so that this one can join; false: refuse this one.
    private bool MakeRoomFor(QueueClaim claim, long now)
    {
        if (_order.Victim(claim) is not { } victim || !_tickets.TryGetValue(victim, out var waiter))
        {
            return false;
        }

        _refused[victim] = now;
        waiter.Turn.TrySetResult(QueueTurn.Full);
        Remove(victim);
        return true;
    }

    private void Remove(Guid ticket)
    {
        if (!_tickets.Remove(ticket, out var waiter))
        {
            return;
        }

        _waits.Add(_time.GetElapsedTime(waiter.JoinedAt));
        if (waiter == _head)
        {
            _head = null;
            if (_order.Next() is { } next && _tickets.TryGetValue(next, out var nextWaiter))
            {
                Grant(nextWaiter);
            }
        }
        else if (waiter == _beside)
        {
            _beside = null;
        }
        else
        {
            _order.Remove(ticket);
        }

        GrantBeside();
    }

    private void Grant(QueueWaiter waiter)
    {
        _head = waiter;
        Turn(waiter);
    }

    // The next interactive waiter gets a turn beside a batch head (fair order), if none has one.
    private void GrantBeside()
    {
        if (_order.Order == QueueOrder.Fair && _beside is null && _head is { Claim.Class: PriorityClass.Batch }
            && _order.Next(PriorityClass.Interactive) is { } next && _tickets.TryGetValue(next, out var waiter))
        {
            _beside = waiter;
            Turn(waiter);
        }
    }

    private void Turn(QueueWaiter waiter)
    {
        waiter.GrantedAt = _time.GetTimestamp();
        waiter.Turn.TrySetResult(QueueTurn.Granted);
    }

    private Task ReclaimTurnsAsync(CancellationToken ct)
    {
        var now = _time.GetTimestamp();
        Expire(_refused, now);
        Expire(_left, now);

        if (_tickets.Count > 0)
        {
            var members = _membership.CurrentSnapshot;
            // Waiters first, the head last, so that a dead head's turn goes to a living ticket.
            foreach (var waiter in _tickets.Values.Where(w => w != _head && w != _beside).ToList())
            {
                var abandoned = _time.GetElapsedTime(waiter.AskedAt, now) > AbandonedAfter;
                if (abandoned || DeadSilos.IsDead(members, waiter.From))
                {
                    // Its request died with its silo or stopped asking: a waiting call ends (nobody receives the answer).
                    waiter.Turn.TrySetCanceled(CancellationToken.None);
                    Remove(waiter.Ticket);
                }
            }

            foreach (var turn in new[] { _beside, _head })
            {
                if (turn is not null && (DeadSilos.IsDead(members, turn.From) || _time.GetElapsedTime(turn.GrantedAt, now) > turn.MaxWait))
                {
                    Remove(turn.Ticket);
                }
            }
        }

        return Task.CompletedTask;
    }

    private void Expire(Dictionary<Guid, long> marks, long now)
    {
        foreach (var (ticket, at) in marks)
        {
            if (_time.GetElapsedTime(at, now) > AbandonedAfter)
            {
                marks.Remove(ticket);
            }
        }
    }
}
