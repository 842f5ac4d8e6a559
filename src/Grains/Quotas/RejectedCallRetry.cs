using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// Sends a grain call again when Orleans rejected it because its target silo is stopping or gone
/// (<see cref="OrleansMessageRejectionException"/>, <see cref="SiloUnavailableException"/> among them). While a silo
/// drains and leaves, the grains it held move to the others; until the membership has converged a call can still be
/// routed to the leaving silo. The next try finds the grain's new activation. A retried call may have run already:
/// Orleans forwards a call addressed to a leaving activation to the new one and can still fail it at the caller when
/// the silo it was addressed to goes away; so the calls sent again are idempotent — an admission carries its
/// reservation id, a limiter remembers what it settled (<see cref="SettledIds"/>), and the key grain ends its tenant
/// call's failures itself rather than make the caller resend a settlement it booked. Other failures, and the caller's
/// cancellation, end the retries.
/// </summary>
public static class RejectedCallRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs <paramref name="call"/> until it is not rejected, or <paramref name="ct"/> is cancelled.</summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                return await call(ct);
            }
            catch (OrleansMessageRejectionException) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(delay, time, ct);
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> until it is not rejected, for at most <paramref name="within"/>, and returns the
    /// failure that ended it (null when it succeeded): for calls whose caller only logs a failure (settlements).
    /// </summary>
    public static async Task<Exception?> TryRunAsync(Func<Task> call, TimeSpan within, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var timeout = new CancellationTokenSource(within, time);
        try
        {
            await RunAsync(_ => call(), time, timeout.Token);
            return null;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            return ex;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or StorageUnavailableException)
        {
            return ex;
        }
    }

    /// <summary>Runs <paramref name="call"/> until it is not rejected, or <paramref name="ct"/> is cancelled.</summary>
    public static Task RunAsync(Func<CancellationToken, Task> call, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(async token =>
        {
            await call(token);
            return true;
        }, time, ct);
    }
}
