namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>Webhooks, their pending deliveries and the delivery log.</summary>
public interface IWebhookStore
{
    /// <summary>Stores a new webhook.</summary>
    Task CreateAsync(WebhookRecord webhook, CancellationToken ct);

    /// <summary>The webhooks of one tenant (with the global ones when <paramref name="tenantId"/> is null: all).</summary>
    Task<IReadOnlyList<WebhookRecord>> ListAsync(Guid? tenantId, CancellationToken ct);

    /// <summary>One webhook, or null.</summary>
    Task<WebhookRecord?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>The last <paramref name="limit"/> attempts to deliver to a webhook, newest first.</summary>
    Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(Guid webhookId, int limit, CancellationToken ct);

    /// <summary>
    /// Pending deliveries due at <paramref name="now"/>, oldest first, at most <paramref name="limit"/>: every one not yet
    /// attempted (an event is deliverable once stored, whatever the clock of whoever stored it said), and retries whose
    /// backoff has run out.
    /// </summary>
    Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>Logs an attempt and sets the delivery's state: delivered, due again at <paramref name="retryAt"/>, or given up (null).</summary>
    Task RecordAsync(DeliveryAttempt attempt, DateTimeOffset? retryAt, CancellationToken ct);
}
