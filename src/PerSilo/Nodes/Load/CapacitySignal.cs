namespace GatoLink.PerSilo.Nodes.Load;

/// <summary>
/// Wakes requests waiting for a node to leave saturation: pulsed when a request to a node ends, when a new scrape of a
/// node has been applied, and on each poll tick (staleness). Costs nothing while nobody waits.
/// </summary>
public sealed class CapacitySignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiters;

    /// <summary>A task completed by the next pulse; pair with <see cref="Enter"/>/<see cref="Leave"/>.</summary>
    public Task NextPulse => Volatile.Read(ref _next).Task;

    /// <summary>Counts a waiter, so pulses are only paid for when someone listens.</summary>
    public void Enter() => Interlocked.Increment(ref _waiters);

    /// <summary>Uncounts a waiter.</summary>
    public void Leave() => Interlocked.Decrement(ref _waiters);

    /// <summary>Requests waiting now.</summary>
    public int Waiters => Volatile.Read(ref _waiters);

    /// <summary>Wakes everyone waiting on <see cref="NextPulse"/>.</summary>
    public void Pulse()
    {
        if (Volatile.Read(ref _waiters) == 0)
        {
            return;
        }

        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
