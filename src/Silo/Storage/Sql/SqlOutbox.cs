using System.Data.Common;
using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// The outbox over either database: the event, one pending delivery per subscribed webhook and an audit-log line, in
/// one transaction; an event id already stored changes nothing (so an alert raised twice is delivered and audited once).
/// </summary>
internal sealed class SqlOutbox(SqlExecutor sql) : IOutbox
{
    public Task<bool> EnqueueAsync(OutboxEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var d = sql.Dialect;
        return sql.InTransactionAsync(async (connection, transaction) =>
        {
            await using (var insert = SqlExecutor.Command(connection, transaction,
                "INSERT INTO outbox_events (event_id, tenant_id, kind, payload, created_at) VALUES (@id, @tenant, @kind, @payload, @at) ON CONFLICT (event_id) DO NOTHING"))
            {
                Bind(insert, e, d);
                SqlDialect.Add(insert, "kind", OutboxEventKinds.ToText(e.Kind));
                SqlDialect.Add(insert, "payload", OutboxPayload.Write(e));
                if (await insert.ExecuteNonQueryAsync(ct) == 0)
                {
                    return false;
                }
            }

            await using (var deliveries = SqlExecutor.Command(connection, transaction,
                $"""
                INSERT INTO webhook_deliveries (event_id, webhook_id, attempts, status, next_attempt_at)
                SELECT @id, id, 0, 'pending', @at FROM webhooks WHERE (tenant_id IS NULL OR tenant_id = @tenant) AND {WebhookEvents.MatchSql}
                """))
            {
                Bind(deliveries, e, d);
                SqlDialect.Add(deliveries, "kind_like", WebhookEvents.Like(e.Kind));
                await deliveries.ExecuteNonQueryAsync(ct);
            }

            await using (var audit = SqlExecutor.Command(connection, transaction,
                "INSERT INTO audit_log (at, actor_key_id, tenant_id, action, target, before_json, after_json) VALUES (@at, NULL, @tenant, @action, @target, NULL, @payload)"))
            {
                Bind(audit, e, d);
                SqlDialect.Add(audit, "action", "alert." + OutboxEventKinds.ToText(e.Kind));
                SqlDialect.Add(audit, "target", "event/" + e.EventId.ToString("D"));
                SqlDialect.Add(audit, "payload", e.Data);
                await audit.ExecuteNonQueryAsync(ct);
            }

            return true;
        }, ct);
    }

    private static void Bind(DbCommand command, OutboxEvent e, SqlDialect d)
    {
        SqlDialect.Add(command, "id", d.GuidValue(e.EventId));
        SqlDialect.Add(command, "tenant", e.TenantId is { } t ? d.GuidValue(t) : null);
        SqlDialect.Add(command, "at", d.TimeValue(e.CreatedAt));
    }
}
