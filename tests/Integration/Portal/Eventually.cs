namespace GatoLink.Integration.Tests.Portal;

/// <summary>Polls an asynchronous condition until it holds; fails with what was awaited when the time is up.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
