namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>A delivery whose time has come: the event, the webhook and how many attempts it already had.</summary>
public sealed record DueDelivery(OutboxEvent Event, WebhookRecord Webhook, int Attempts);
