namespace GatoLink.Silo.Quotas;

/// <summary>A task that completes when the host has started (every hosted service's StartAsync, so migrations, ran).</summary>
public static class StartedSignal
{
    /// <summary>Completes on <see cref="IHostApplicationLifetime.ApplicationStarted"/>.</summary>
    public static Task From(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task;
    }
}
