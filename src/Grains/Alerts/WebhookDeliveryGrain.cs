using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains.Alerts;

/// <summary>
/// The cluster's one delivery worker: each <see cref="Pump"/> sends the due deliveries in order, logs every attempt and
/// schedules a failed one again after a doubling backoff, up to the attempt limit. Not reentrant, so two pumps (every
/// silo asks) never send the same delivery twice; a receiver still dedupes by the event id header, as a crash between
/// sending and logging sends it again.
/// </summary>
public sealed partial class WebhookDeliveryGrain(IWebhookStore store, WebhookSender sender, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryGrain> logger)
    : Grain, IWebhookDeliveryGrain
{
    private const int Batch = 50;

    /// <inheritdoc />
    public async Task<int> Pump()
    {
        IReadOnlyList<DueDelivery> due;
        try
        {
            due = await store.DueAsync(time.GetUtcNow(), Batch, CancellationToken.None);
        }
        catch (DbException ex)
        {
            LogStorageUnavailable(logger, ex);
            return 0;
        }

        foreach (var delivery in due)
        {
            var attempt = await sender.SendAsync(delivery, delivery.Attempts + 1, CancellationToken.None);
            DateTimeOffset? retryAt = attempt.Delivered || attempt.Attempt >= options.Value.MaxAttempts
                ? null
                : attempt.At + options.Value.BackoffAfter(attempt.Attempt);
            LogAttempt(logger, delivery.Event.EventId, delivery.Webhook.Id, attempt.Attempt, attempt.StatusCode, attempt.Error);
            await store.RecordAsync(attempt, retryAt, CancellationToken.None);
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery of {EventId} to {WebhookId}, attempt {Attempt}: status {StatusCode} {Error}")]
    private static partial void LogAttempt(ILogger logger, Guid eventId, Guid webhookId, int attempt, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries cannot be read: storage is not available; the next pump tries again")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}
