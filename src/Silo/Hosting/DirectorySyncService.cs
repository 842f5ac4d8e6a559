using System.Data.Common;
using GatoLink.Grains.Control;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Hosting;

/// <summary>
/// Re-reads keys, tenants, models and nodes from storage on a timer, so that a change made on
/// any silo (a revoked key, a new node) reaches this one within the sync interval.
/// </summary>
public sealed partial class DirectorySyncService : BackgroundService
{
    private readonly ControlPlane _control;
    private readonly TimeProvider _time;
    private readonly SiloOptions _options;
    private readonly ILogger<DirectorySyncService> _logger;

    /// <summary>Creates the loop.</summary>
    public DirectorySyncService(ControlPlane control, TimeProvider time, IOptions<SiloOptions> options, ILogger<DirectorySyncService> logger)
    {
        _control = control;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SyncInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await _control.LoadAsync(stoppingToken);
                }
                catch (DbException ex)
                {
                    // The silo keeps serving from what it has; the next tick tries again.
                    LogSyncFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory sync from storage failed; serving from the last known state")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
