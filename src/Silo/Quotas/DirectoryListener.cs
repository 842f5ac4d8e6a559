using System.Data.Common;
using GatoLink.Grains.Control;
using Npgsql;

namespace GatoLink.Silo.Quotas;

/// <summary>
/// LISTENs on <c>gatolink_directory</c> (raised by triggers on api_keys and tenants, migration 0003) and reloads
/// the directories at once, so that a revoked key, an expiry or a limit change reaches every silo in well under a
/// second; the polling loop stays as the fallback (and the only path on SQLite).
/// </summary>
public sealed partial class DirectoryListener : BackgroundService
{
    /// <summary>The channel the triggers notify.</summary>
    public const string Channel = "gatolink_directory";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource? _dataSource;
    private readonly ControlPlane _control;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectoryListener> _logger;
    private readonly Task _started;

    /// <summary>Creates the listener; with no <paramref name="dataSource"/> (SQLite) it does nothing.</summary>
    public DirectoryListener(NpgsqlDataSource? dataSource, ControlPlane control, TimeProvider time, ILogger<DirectoryListener> logger, IHostApplicationLifetime lifetime)
    {
        _started = StartedSignal.From(lifetime);
        _dataSource = dataSource;
        _control = control;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_dataSource is null)
        {
            return;
        }

        try
        {
            // Not before the silo has started: bootstrap migrates the database in its StartAsync.
            await _started.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(_dataSource, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbException or TimeoutException or System.IO.IOException)
            {
                LogListenFailed(_logger, ex);
                try
                {
                    await Task.Delay(ReconnectDelay, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var pending = 0;
        connection.Notification += (_, _) => pending = 1;
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        // Whatever changed while we were not listening.
        await _control.LoadAsync(ct);
        while (true)
        {
            await connection.WaitAsync(ct);

            // Drain notifications that arrived together, then reload once for all of them.
            while (await connection.WaitAsync(TimeSpan.FromMilliseconds(5), ct))
            {
            }

            if (Interlocked.Exchange(ref pending, 0) != 0)
            {
                await _control.LoadAsync(ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN for directory changes failed; reconnecting (polling still syncs meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
