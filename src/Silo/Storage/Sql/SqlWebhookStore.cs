using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Webhooks, due deliveries and the delivery log over either database.</summary>
internal sealed class SqlWebhookStore(SqlExecutor sql) : IWebhookStore
{
    private const string Columns = "w.id, w.tenant_id, w.url, w.secret, w.events, w.format, w.created_at";

    public Task CreateAsync(WebhookRecord webhook, CancellationToken ct) =>
        sql.ExecuteAsync(
            "INSERT INTO webhooks (id, tenant_id, url, secret, events, format, created_at) VALUES (@id, @tenant, @url, @secret, @events, @format, @at)",
            c =>
            {
                SqlDialect.Add(c, "id", sql.Dialect.GuidValue(webhook.Id));
                SqlDialect.Add(c, "tenant", webhook.TenantId is { } t ? sql.Dialect.GuidValue(t) : null);
                SqlDialect.Add(c, "url", webhook.Url.OriginalString);
                SqlDialect.Add(c, "secret", webhook.Secret);
                SqlDialect.Add(c, "events", WebhookEvents.ToColumn(webhook.Events));
                SqlDialect.Add(c, "format", webhook.Format == WebhookFormat.Slack ? "slack" : "json");
                SqlDialect.Add(c, "at", sql.Dialect.TimeValue(webhook.CreatedAt));
            },
            "webhook",
            ct);

    public Task<IReadOnlyList<WebhookRecord>> ListAsync(Guid? tenantId, CancellationToken ct) =>
        sql.QueryAsync(
            $"SELECT {Columns} FROM webhooks w WHERE @all OR w.tenant_id = @tenant ORDER BY w.created_at, w.id",
            c =>
            {
                SqlDialect.Add(c, "all", tenantId is null);
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId ?? Guid.Empty));
            },
            r => ReadWebhook(r, 0),
            ct);

    public Task<WebhookRecord?> GetAsync(Guid id, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM webhooks w WHERE w.id = @id",
            c => SqlDialect.Add(c, "id", sql.Dialect.GuidValue(id)),
            r => ReadWebhook(r, 0),
            ct);

    public Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(Guid webhookId, int limit, CancellationToken ct) =>
        sql.QueryAsync(
            """
            SELECT event_id, webhook_id, attempt, at, status_code, error, duration_ms FROM webhook_delivery_attempts
            WHERE webhook_id = @id ORDER BY at DESC, attempt DESC LIMIT @limit
            """,
            c =>
            {
                SqlDialect.Add(c, "id", sql.Dialect.GuidValue(webhookId));
                SqlDialect.Add(c, "limit", limit);
            },
            r => new DeliveryAttempt(
                sql.Dialect.ReadGuid(r, 0), sql.Dialect.ReadGuid(r, 1), r.GetInt32(2), sql.Dialect.ReadTime(r, 3),
                r.IsDBNull(4) ? null : r.GetInt32(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetDouble(6)),
            ct);

    public Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        sql.QueryAsync(
            $"""
            SELECT {Columns}, e.event_id, e.tenant_id, e.kind, e.payload, e.created_at, d.attempts
            FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN outbox_events e ON e.event_id = d.event_id
            WHERE d.status = 'pending' AND (d.attempts = 0 OR d.next_attempt_at <= @now) ORDER BY d.next_attempt_at LIMIT @limit
            """,
            c =>
            {
                SqlDialect.Add(c, "now", sql.Dialect.TimeValue(now));
                SqlDialect.Add(c, "limit", limit);
            },
            r => new DueDelivery(OutboxPayload.Read(r, 7, sql.Dialect), ReadWebhook(r, 0), r.GetInt32(12)),
            ct);

    public Task RecordAsync(DeliveryAttempt attempt, DateTimeOffset? retryAt, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            INSERT INTO webhook_delivery_attempts (event_id, webhook_id, attempt, at, status_code, error, duration_ms)
            VALUES (@event, @webhook, @attempt, @at, @code, @error, @duration);
            UPDATE webhook_deliveries SET attempts = @attempt, status = @status, next_attempt_at = @next, last_status = @code,
                last_error = @error, delivered_at = @delivered
            WHERE event_id = @event AND webhook_id = @webhook
            """,
            c =>
            {
                var d = sql.Dialect;
                SqlDialect.Add(c, "event", d.GuidValue(attempt.EventId));
                SqlDialect.Add(c, "webhook", d.GuidValue(attempt.WebhookId));
                SqlDialect.Add(c, "attempt", attempt.Attempt);
                SqlDialect.Add(c, "at", d.TimeValue(attempt.At));
                SqlDialect.Add(c, "code", attempt.StatusCode);
                SqlDialect.Add(c, "error", attempt.Error);
                SqlDialect.Add(c, "duration", attempt.DurationMs);
                SqlDialect.Add(c, "status", attempt.Delivered ? "delivered" : retryAt is null ? "failed" : "pending");
                SqlDialect.Add(c, "next", d.TimeValue(retryAt ?? attempt.At));
                SqlDialect.Add(c, "delivered", attempt.Delivered ? d.TimeValue(attempt.At) : null);
            },
            "webhook delivery",
            ct);

    private WebhookRecord ReadWebhook(DbDataReader r, int o) => new(
        sql.Dialect.ReadGuid(r, o),
        r.IsDBNull(o + 1) ? null : sql.Dialect.ReadGuid(r, o + 1),
        new Uri(r.GetString(o + 2), UriKind.Absolute),
        r.GetString(o + 3),
        WebhookEvents.FromColumn(r.GetString(o + 4)),
        r.GetString(o + 5) == "slack" ? WebhookFormat.Slack : WebhookFormat.Json,
        sql.Dialect.ReadTime(r, o + 6));
}
