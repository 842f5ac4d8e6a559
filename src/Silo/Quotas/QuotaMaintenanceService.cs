using System.Data.Common;
using GatoLink.Grains.Quotas;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GatoLink.Silo.Quotas;

/// <summary>
/// Returns expired slices, keeps this silo's heartbeat (and so the live-silo count of the fair share), and on
/// shutdown returns every slice so that a leaving silo keeps nothing of anyone's quota.
/// </summary>
public sealed partial class QuotaMaintenanceService : BackgroundService
{
    // One statement: a data-modifying CTE always runs; the count sees the other silos' rows, plus this one.
    private const string HeartbeatSql =
        "WITH beat AS (INSERT INTO quota_silos (silo_id, seen_at) VALUES (@silo, now()) ON CONFLICT (silo_id) DO UPDATE SET seen_at = now() RETURNING 1) " +
        "SELECT 1 + count(*) FROM quota_silos WHERE seen_at > now() - @timeout AND silo_id <> @silo";

    private readonly QuotaAdmissionController _controller;
    private readonly SiloMembership _membership;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly LimitsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QuotaMaintenanceService> _logger;
    private readonly Task _started;
    private readonly LeaseHeldReporter? _reporter;

    /// <summary>Creates the loop; <paramref name="dataSource"/> is null on SQLite (one silo, no heartbeat).</summary>
    public QuotaMaintenanceService(QuotaAdmissionController controller, SiloMembership membership, NpgsqlDataSource? dataSource, IOptions<LimitsOptions> options, TimeProvider time, ILogger<QuotaMaintenanceService> logger, IHostApplicationLifetime lifetime)
    {
        _started = StartedSignal.From(lifetime);
        _reporter = dataSource is null ? null : new LeaseHeldReporter(dataSource, membership.SiloId);
        _controller = controller;
        _membership = membership;
        _dataSource = dataSource;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await _controller.DisposeAsync();
            if (_dataSource is not null)
            {
                await using var command = _dataSource.CreateCommand("DELETE FROM quota_silos WHERE silo_id = @silo");
                command.Parameters.Add(new NpgsqlParameter<string>("silo", _membership.SiloId));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is DbException or ObjectDisposedException or OperationCanceledException)
        {
            // The database went first or the shutdown timed out. Unreturned slices come back to nobody: a bucket refills anyway, a budget loses at most the slices.
            LogShutdownReturnFailed(_logger, ex);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _time);
        var beat = 0;
        try
        {
            // Not before the silo has started: bootstrap migrates the database in its StartAsync.
            await _started.WaitAsync(stoppingToken);
            do
            {
                try
                {
                    if (_dataSource is not null && beat++ % 2 == 0)
                    {
                        await HeartbeatAsync(_dataSource, stoppingToken);
                    }

                    await _controller.ExpireDueAsync(stoppingToken);
                    if (_reporter is not null)
                    {
                        await _reporter.ReportAsync(_controller.Counters(), stoppingToken);
                    }
                }
                catch (DbException ex)
                {
                    LogMaintenanceFailed(_logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: StopAsync returns the slices.
        }
    }

    private async Task HeartbeatAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(HeartbeatSql);
        command.Parameters.Add(new NpgsqlParameter<string>("silo", _membership.SiloId));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("timeout", _options.SiloTimeout));
        var live = await command.ExecuteScalarAsync(ct);
        _membership.SetLiveSilos(Convert.ToInt32(live, System.Globalization.CultureInfo.InvariantCulture));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quota maintenance (heartbeat, slice expiry) failed; retrying next tick")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Returning quota slices at shutdown failed")]
    private static partial void LogShutdownReturnFailed(ILogger logger, Exception exception);
}
