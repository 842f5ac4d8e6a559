using System.Data.Common;
using GatoLink.Grains.Abstractions.Billing;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Runs the ledger's maintenance (partitions ahead, raw rows past retention) on a reminder: one activation in the
/// cluster, and the reminder survives silo restarts (ADO.NET reminders in a cluster, in memory embedded). It lives in
/// the silo project because the ledger store does.
/// </summary>
public sealed partial class LedgerMaintenanceGrain : Grain, ILedgerMaintenanceGrain, IRemindable
{
    /// <summary>The reminder's name.</summary>
    public const string ReminderName = "ledger-maintenance";

    // Orleans' shortest reminder period by default.
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMinutes(1);

    private readonly ILedgerStore _store;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerMaintenanceGrain> _logger;

    /// <summary>Creates the grain.</summary>
    public LedgerMaintenanceGrain(ILedgerStore store, IOptions<LedgerOptions> options, TimeProvider time, ILogger<LedgerMaintenanceGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task Start()
    {
        var period = _options.MaintenanceInterval < MinimumPeriod ? MinimumPeriod : _options.MaintenanceInterval;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        await RunAsync();
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => RunAsync();

    private async Task RunAsync()
    {
        try
        {
            var now = _time.GetUtcNow();
            await _store.PrepareAsync(now, CancellationToken.None);
            if (_options.RetentionMonths > 0)
            {
                var cutoff = now.AddMonths(-_options.RetentionMonths);
                var dropped = await _store.DropRawBeforeAsync(cutoff, CancellationToken.None);
                if (dropped > 0)
                {
                    LedgerLog.Dropped(_logger, dropped, cutoff);
                }
            }
        }
        catch (DbException ex)
        {
            // The database may be down; the writer creates partitions on demand, so the next reminder is soon enough.
            LedgerLog.MaintenanceFailed(_logger, ex);
        }
    }
}
