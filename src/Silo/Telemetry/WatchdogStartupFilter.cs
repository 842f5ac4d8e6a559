namespace GatoLink.Silo.Telemetry;

/// <summary>
/// Orleans 10.4.2's watchdog starts its platform thread before it stamps its component check, so the first tick
/// measures from timestamp zero and warns "Participant check thread has not completed for {machine uptime}" on every
/// start: a false alarm an operator learns to ignore, which then hides real ones. Until the host has started, this
/// drops the watchdog's warnings (errors still pass); from then on its warnings pass as configured.
/// </summary>
public sealed class WatchdogStartupFilter : IHostedService
{
    /// <summary>The logging category of Orleans' watchdog.</summary>
    public const string Category = "Orleans.Runtime.Watchdog";

    private readonly IHostApplicationLifetime _lifetime;
    private readonly WatchdogStartupGate _gate;

    /// <summary>Created by the host.</summary>
    public WatchdogStartupFilter(IHostApplicationLifetime lifetime, WatchdogStartupGate gate)
    {
        _lifetime = lifetime;
        _gate = gate;
    }

    /// <summary>Adds the filter and what opens it once the host has started.</summary>
    public static WebApplicationBuilder AddWatchdogStartupFilter(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var gate = new WatchdogStartupGate();
        builder.Services.AddSingleton(gate);
        builder.Services.AddHostedService<WatchdogStartupFilter>();
        builder.Logging.AddFilter(Category, level => level >= LogLevel.Error || (gate.IsOpen && level >= LogLevel.Warning));
        return builder;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lifetime.ApplicationStarted.Register(_gate.Open);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
