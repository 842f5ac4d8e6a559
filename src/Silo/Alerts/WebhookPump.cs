using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Alerts;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Alerts;

/// <summary>
/// Asks the cluster's delivery worker (<see cref="IWebhookDeliveryGrain"/>) to send what is due, every
/// <see cref="WebhookOptions.PollInterval"/>. Every silo asks, so delivery goes on whichever silos remain; the grain
/// being one activation, the work is done once.
/// </summary>
public sealed partial class WebhookPump(IGrainFactory grains, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookPump> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.GetGrain<IWebhookDeliveryGrain>(0).Pump().WaitAsync(TimeSpan.FromMinutes(5), time, stoppingToken);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or DbException)
                {
                    LogPumpFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping: what is due is sent by the silos that remain, or after a restart.
            LogStopped(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking the webhook delivery worker failed; the next tick asks again")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook pump stopped")]
    private static partial void LogStopped(ILogger logger);
}
