using GatoLink.Grains.Nodes.Load;

namespace GatoLink.Grains.Placement;

/// <summary>
/// The bounded FIFO admission queue of one model at this silo, used when every node is saturated. Only
/// the head waiter tries to place (a semaphore hands the head on in arrival order); it retries on each
/// capacity pulse until a node leaves saturation or its wait runs out.
/// </summary>
public sealed class PlacementQueue
{
    private readonly SemaphoreSlim _head = new(1, 1);
    private readonly CapacitySignal _signal;
    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private int _length;

    /// <summary>Creates the queue.</summary>
    public PlacementQueue(CapacitySignal signal, PlacementOptions options, TimeProvider time)
    {
        _signal = signal;
        _options = options;
        _time = time;
    }

    /// <summary>Requests waiting now.</summary>
    public int Length => Volatile.Read(ref _length);

    /// <summary>
    /// Waits its turn, then calls <paramref name="tryPlace"/> on every capacity pulse until it returns
    /// anything but <see cref="PlacementOutcome.Saturated"/> or the wait ends.
    /// </summary>
    public async Task<PlacementDecision> WaitAsync(Func<PlacementDecision> tryPlace, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        if (Interlocked.Increment(ref _length) > _options.MaxQueueLength)
        {
            Interlocked.Decrement(ref _length);
            return new PlacementDecision(PlacementOutcome.QueueFull, null, TimeSpan.Zero);
        }

        using var deadline = new CancellationTokenSource(_options.MaxQueueWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var holdsHead = false;
        _signal.Enter();
        try
        {
            await _head.WaitAsync(linked.Token);
            holdsHead = true;
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
        finally
        {
            _signal.Leave();
            if (holdsHead)
            {
                _head.Release();
            }

            Interlocked.Decrement(ref _length);
        }
    }
}
