using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Hosting;

/// <summary>
/// Drains the silo inside the host's own stop. <see cref="IHostApplicationLifetime.ApplicationStopping"/> (SIGTERM,
/// Ctrl+C) flips <see cref="DrainState"/>: <c>/readyz</c> answers 503 "draining" and new <c>/v1</c> requests are
/// refused. The host then calls <see cref="StoppingAsync"/> before it stops any service, so Kestrel still listens and
/// Orleans still serves while running requests finish, for at least <see cref="DrainOptions.ReadinessDelay"/> and at
/// most <see cref="DrainOptions.Timeout"/>; what still runs then is cut. After this the host stops Kestrel (nothing left
/// to wait for), the ledger writer (which flushes or spools) and the Orleans silo, which leaves the cluster.
/// </summary>
public sealed partial class SiloDrainService : IHostedLifecycleService
{
    /// <summary>How long cut requests get to write their error event and record their usage.</summary>
    private static readonly TimeSpan CutGrace = TimeSpan.FromSeconds(5);

    private readonly DrainState _drain;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly DrainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SiloDrainService> _logger;
    private CancellationTokenRegistration _stopping;

    /// <summary>Created by the host.</summary>
    public SiloDrainService(DrainState drain, IHostApplicationLifetime lifetime, IOptions<DrainOptions> options, TimeProvider time, ILogger<SiloDrainService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _drain = drain;
        _lifetime = lifetime;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _stopping = _lifetime.ApplicationStopping.Register(static s => ((SiloDrainService)s!).BeginDraining(), this);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginDraining();
        var started = _time.GetTimestamp();
        var settled = Task.WhenAll(_drain.Idle, Task.Delay(_options.ReadinessDelay, _time, cancellationToken));
        try
        {
            try
            {
                await settled.WaitAsync(_options.Timeout, _time, cancellationToken);
                LogDrained(_logger, _time.GetElapsedTime(started).TotalSeconds);
                return;
            }
            catch (TimeoutException)
            {
                LogCutting(_logger, _drain.Running, _options.Timeout.TotalSeconds);
            }

            await _drain.CutRemainingAsync();
            try
            {
                await _drain.Idle.WaitAsync(CutGrace, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                LogStillRunning(_logger, _drain.Running);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's own shutdown timeout passed first (HostOptions.ShutdownTimeout set too low by hand).
            LogStillRunning(_logger, _drain.Running);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void BeginDraining()
    {
        if (_drain.BeginDraining())
        {
            LogDraining(_logger, _drain.Running, _options.Timeout.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Stopping: draining {Running} running requests (at most {TimeoutSeconds} s); /readyz answers 503 and new requests are refused")]
    private static partial void LogDraining(ILogger logger, int running, double timeoutSeconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Drained in {Seconds:F1} s; leaving the cluster")]
    private static partial void LogDrained(ILogger logger, double seconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Drain timeout ({TimeoutSeconds} s): ending {Running} requests still running")]
    private static partial void LogCutting(ILogger logger, int running, double timeoutSeconds);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "{Running} requests still running at the end of the drain; the server stop aborts them")]
    private static partial void LogStillRunning(ILogger logger, int running);
}
