using GatoLink.Grains.Abstractions.Billing;
using GatoLink.Grains.Billing;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Reports this silo's ledger mark (<see cref="UsageForwarder.BilledBefore"/>) to the <see cref="IUsageWatermarkGrain"/>
/// every <see cref="Period"/> and keeps the cluster's mark it answers, which key and tenant grains on this silo read
/// (<see cref="ILedgerWatermark"/>) to know when their budgets can be rebuilt exactly. The first report is made before
/// the silo takes requests. A failed report keeps the last mark (it only ever lags) and is logged.
/// </summary>
public sealed partial class UsageWatermarkReporter : BackgroundService, ILedgerWatermark
{
    /// <summary>Time between reports.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    private readonly UsageForwarder _forwarder;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageWatermarkReporter> _logger;
    /// <summary>How long one report may take before it counts as failed (the silo start waits for the first).</summary>
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(2);

    // The cluster's mark in UTC ticks, long.MinValue while unknown: one atomic word read by grains on any thread.
    private long _billedBefore = long.MinValue;
    private int _failures;

    /// <summary>Creates the reporter.</summary>
    public UsageWatermarkReporter(UsageForwarder forwarder, IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time, ILogger<UsageWatermarkReporter> logger)
    {
        _forwarder = forwarder;
        _grains = grains;
        _silo = silo;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public DateTimeOffset? BilledBefore
    {
        get
        {
            var ticks = Volatile.Read(ref _billedBefore);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Once before the silo answers requests, so that a grain waiting for the mark counts this silo from the start.
        await ReportAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ReportAsync(stoppingToken);
        }
    }

    private async Task ReportAsync(CancellationToken ct)
    {
        try
        {
            var mark = _forwarder.BilledBefore();
            var cluster = await _grains.GetGrain<IUsageWatermarkGrain>(0).Report(_silo.SiloAddress, mark).WaitAsync(ReportTimeout, _time, ct);
            Volatile.Write(ref _billedBefore, cluster?.UtcTicks ?? long.MinValue);

            if (_failures > 0)
            {
                LogRecovered(_logger, _failures);
                _failures = 0;
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SqliteException)
        {
            // The grain's silo is leaving, the cluster is starting, or the spool could not be read: the next tick tries again.
            if (_failures++ == 0)
            {
                LogFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Reporting this silo's ledger mark failed; budgets of grains activated since wait until it succeeds")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "Ledger mark reported again after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, int failures);
}
