namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>One attempt to deliver an event to a webhook: the delivery log.</summary>
/// <param name="EventId">The event.</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="Attempt">1 for the first.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">What the receiver answered; null when it could not be reached.</param>
/// <param name="Error">Why it failed; null when it was delivered.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record DeliveryAttempt(Guid EventId, Guid WebhookId, int Attempt, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs)
{
    /// <summary>A 2xx answer.</summary>
    public bool Delivered => StatusCode is >= 200 and < 300;
}
