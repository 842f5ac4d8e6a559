using System.Data.Common;
using GatoLink.Gateway.ResponsesApi;
using GatoLink.Grains.Abstractions.Responses;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Responses;

/// <summary>
/// Deletes the stored responses whose retention ended, every <see cref="ResponsesOptions.PurgeInterval"/>. Reads already
/// skip expired rows, so this only gives the space back; every silo runs it, and a delete of expired rows done twice is
/// harmless.
/// </summary>
public sealed partial class ResponsePurgeService(IResponseStore store, TimeProvider time, IOptions<ResponsesOptions> options, ILogger<ResponsePurgeService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PurgeOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger);
        }
    }

    /// <summary>One purge; a database failure is logged and left to the next tick.</summary>
    public async Task PurgeOnceAsync(CancellationToken ct)
    {
        try
        {
            var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), ct);
            if (purged > 0)
            {
                LogPurged(logger, purged);
            }
        }
        catch (DbException ex)
        {
            LogPurgeFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} stored responses past their retention")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired stored responses failed; the next tick tries again")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored-response purge stopped")]
    private static partial void LogStopped(ILogger logger);
}
