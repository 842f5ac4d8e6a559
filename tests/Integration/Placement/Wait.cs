namespace GatoLink.Integration.Tests.Placement;

/// <summary>Polls a condition until it holds or the time is up.</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Calls <paramref name="read"/> until its answer satisfies <paramref name="done"/>; returns that answer.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(20, cts.Token);
        }
    }
}
