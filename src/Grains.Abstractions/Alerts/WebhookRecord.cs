namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>A receiver of outgoing events.</summary>
/// <param name="Id">Webhook id.</param>
/// <param name="TenantId">Only this tenant's events; null: every tenant's (system admins).</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="Secret">The HMAC-SHA256 key of its signatures; shown once, when it is made.</param>
/// <param name="Events">The kinds it receives; empty: all.</param>
/// <param name="Format">The body it receives.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record WebhookRecord(Guid Id, Guid? TenantId, Uri Url, string Secret, IReadOnlyList<OutboxEventKind> Events, WebhookFormat Format, DateTimeOffset CreatedAt);
