namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>
/// The durable outbox of outgoing events: an event is stored, with one pending delivery per subscribed webhook, in one
/// transaction; the delivery worker sends them later. Never called on the /v1 hot path.
/// </summary>
public interface IOutbox
{
    /// <summary>Stores <paramref name="e"/> (and writes it to the audit log); false when its id was already stored.</summary>
    Task<bool> EnqueueAsync(OutboxEvent e, CancellationToken ct);
}
