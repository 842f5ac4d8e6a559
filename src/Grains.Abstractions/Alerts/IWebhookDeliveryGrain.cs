namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>
/// The one delivery worker of the cluster (key 0): sends the outbox's due deliveries to their webhooks, signed, and
/// logs each attempt; a failure is tried again with backoff. One activation, so one worker, whichever silo hosts it.
/// </summary>
[Alias("gatolink.webhook-delivery-grain")]
public interface IWebhookDeliveryGrain : IGrainWithIntegerKey
{
    /// <summary>Sends what is due now; returns how many attempts were made.</summary>
    Task<int> Pump();
}
