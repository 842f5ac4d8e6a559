using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Quotas;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.Grains.Placement;

namespace GatoLink.PerSilo.Placement;

/// <summary>
/// Where a request waits when every node serving its model is saturated: in the model's cluster-wide fair queue
/// (<see cref="IModelGrain"/>), bounded and with a maximum wait. Once at the head, it tries to place on each capacity
/// pulse of this silo's replicas until a node leaves saturation or its wait runs out, then leaves the queue so the next
/// request in the cluster gets its turn. The grain is called only on this saturated path.
/// </summary>
public sealed class PlacementQueue
{
    private readonly CapacitySignal _signal;
    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private readonly ModelQueues _queues;
    private readonly string _model;
    private int _length;
    private int _interactive;

    /// <summary>Creates the queue of <paramref name="model"/>.</summary>
    public PlacementQueue(string model, CapacitySignal signal, PlacementOptions options, TimeProvider time, ModelQueues queues)
    {
        _model = model;
        _signal = signal;
        _options = options;
        _time = time;
        _queues = queues;
    }

    /// <summary>Requests of this silo waiting now.</summary>
    public int Length => Volatile.Read(ref _length);

    /// <summary>Interactive requests of this silo waiting now.</summary>
    public int InteractiveLength => Volatile.Read(ref _interactive);

    /// <summary>
    /// Waits its turn, then calls <paramref name="tryPlace"/> on every capacity pulse until it returns
    /// anything but <see cref="PlacementOutcome.Saturated"/> or the wait ends.
    /// </summary>
    /// <param name="claim">Whose request it is and what it claims of the GPUs: its place in the fair order.</param>
    /// <param name="tryPlace">Places the request, or answers saturated.</param>
    /// <param name="ct">The client left.</param>
    public async Task<PlacementDecision> WaitAsync(QueueClaim claim, Func<PlacementDecision> tryPlace, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.MaxQueueWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var line = _queues.For(_model);
        var ticket = Guid.NewGuid();
        var joined = false;
        var interactive = claim.Class == PriorityClass.Interactive;
        Interlocked.Increment(ref _length);
        if (interactive)
        {
            Interlocked.Increment(ref _interactive);
        }

        _signal.Enter();
        try
        {
            joined = true;
            // A queue whose silo just died or left rejects the call: join its next activation (the wait's deadline bounds it).
            // Still in line after the grain's short answer: ask again with the same ticket.
            QueueTurn turn;
            do
            {
                turn = await RejectedCallRetry.RunAsync(token => line.WaitTurn(ticket, claim, _queues.LocalSilo, _options.MaxQueueLength, _options.MaxQueueWait, _options.QueueOrder, token), _time, linked.Token);
            }
            while (turn == QueueTurn.Waiting);
            if (turn != QueueTurn.Granted)
            {
                joined = false;
                return new PlacementDecision(turn == QueueTurn.Full ? PlacementOutcome.QueueFull : PlacementOutcome.Saturated, null, _time.GetElapsedTime(started));
            }

            while (true)
            {
                // Take the pulse before trying, so a pulse between the try and the wait is not lost.
                var pulse = _signal.NextPulse;
                var decision = tryPlace();
                if (decision.Outcome != PlacementOutcome.Saturated)
                {
                    return decision with { Waited = _time.GetElapsedTime(started) };
                }

                await pulse.WaitAsync(linked.Token);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var outcome = ct.IsCancellationRequested ? PlacementOutcome.Cancelled : PlacementOutcome.Saturated;
            return new PlacementDecision(outcome, null, _time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The queue failed otherwise: the request is refused as saturated, 503 + Retry-After.
            return new PlacementDecision(PlacementOutcome.Saturated, null, _time.GetElapsedTime(started));
        }
        finally
        {
            _signal.Leave();
            Interlocked.Decrement(ref _length);
            if (interactive)
            {
                Interlocked.Decrement(ref _interactive);
            }

            if (joined)
            {
                // The next request in the cluster gets its turn; a lost Leave is reclaimed by the grain (this silo declared
                // dead, or MaxQueueWait).
                _ = _queues.LeaveAsync(line, ticket);
            }
        }
    }
}
