namespace GatoLink.Silo.Hosting;

/// <summary>
/// Whether this silo is draining, and the <c>/v1</c> requests it still runs. A request counts itself in with
/// <see cref="TryEnter"/> (refused once draining) and out with <see cref="Exit"/>; <see cref="Idle"/> completes when
/// the silo drains and nothing runs any more. <see cref="CutRemaining"/> cancels <see cref="Cut"/>, which every
/// running request observes.
/// </summary>
public sealed class DrainState : IDisposable
{
    private readonly CancellationTokenSource _cut = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _draining;
    private int _running;

    /// <summary>True from the moment the host began to stop.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>The <c>/v1</c> requests running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Cancelled when the drain timeout ends what still runs.</summary>
    public CancellationToken Cut => _cut.Token;

    /// <summary>Completes once draining with nothing running.</summary>
    public Task Idle => _idle.Task;

    /// <summary>Counts a request in; false (and not counted) when the silo is draining.</summary>
    public bool TryEnter()
    {
        // Count first, then look: with BeginDraining doing the reverse, a request is either refused or waited for.
        Interlocked.Increment(ref _running);
        if (Volatile.Read(ref _draining) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    /// <summary>Counts a request out.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _running) == 0 && Volatile.Read(ref _draining) == 1)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>Starts draining; false when it had already started.</summary>
    public bool BeginDraining()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 1)
        {
            return false;
        }

        if (Volatile.Read(ref _running) == 0)
        {
            _idle.TrySetResult();
        }

        return true;
    }

    /// <summary>Ends every request still running (they see <see cref="Cut"/> cancelled).</summary>
    public Task CutRemainingAsync() => _cut.CancelAsync();

    /// <inheritdoc />
    public void Dispose() => _cut.Dispose();
}
