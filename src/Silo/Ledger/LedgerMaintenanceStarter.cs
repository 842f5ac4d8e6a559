using GatoLink.Grains.Abstractions.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>Makes sure the cluster's ledger maintenance reminder exists once this silo has joined.</summary>
public sealed partial class LedgerMaintenanceStarter : BackgroundService
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerMaintenanceStarter> _logger;

    /// <summary>Creates the starter.</summary>
    public LedgerMaintenanceStarter(IGrainFactory grains, TimeProvider time, ILogger<LedgerMaintenanceStarter> logger)
    {
        _grains = grains;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Retried until it takes: the reminder service may still be starting, or the database be away for a while.
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _grains.GetGrain<ILedgerMaintenanceGrain>(0).Start().WaitAsync(TimeSpan.FromSeconds(30), _time, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                LogStartFailed(_logger, ex);
            }

            await Task.Delay(delay, _time, stoppingToken);
            delay = TimeSpan.FromSeconds(Math.Min(60, delay.TotalSeconds * 2));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the ledger maintenance reminder failed; retrying")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
