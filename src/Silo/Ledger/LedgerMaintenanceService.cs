using System.Data.Common;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Ledger;

/// <summary>Creates the ledger's partitions ahead (this month and the next) and applies raw-event retention, on a timer.</summary>
public sealed class LedgerMaintenanceService : BackgroundService
{
    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerMaintenanceService> _logger;

    /// <summary>Creates the service.</summary>
    public LedgerMaintenanceService(ILedgerStore store, IOptions<LedgerOptions> options, TimeProvider time, ILogger<LedgerMaintenanceService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>One pass: partitions ahead, then retention.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        await _store.PrepareAsync(now, ct);
        if (_options.RetentionMonths > 0)
        {
            var cutoff = now.AddMonths(-_options.RetentionMonths);
            var dropped = await _store.DropRawBeforeAsync(cutoff, ct);
            if (dropped > 0)
            {
                LedgerLog.Dropped(_logger, dropped, cutoff);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (DbException ex)
            {
                // The database may be down; the writer creates partitions on demand, so the next tick is soon enough.
                LedgerLog.MaintenanceFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
