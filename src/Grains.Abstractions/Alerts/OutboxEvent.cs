namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>One outgoing event, stored before anyone is told and delivered to every webhook that subscribes to it.</summary>
/// <param name="EventId">Unique; storing the same id again is a no-op (so a crossing raised twice is delivered once).</param>
/// <param name="TenantId">The tenant it concerns; null for none.</param>
/// <param name="Kind">What it tells.</param>
/// <param name="Summary">One line for people (the Slack format's text).</param>
/// <param name="Data">The event's fields as a JSON object text.</param>
/// <param name="CreatedAt">When it was raised.</param>
public sealed record OutboxEvent(Guid EventId, Guid? TenantId, OutboxEventKind Kind, string Summary, string Data, DateTimeOffset CreatedAt);
