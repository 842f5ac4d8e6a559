using System.Data.Common;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Invoices;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// Finalized invoices over either database, and the ledger's usage they are computed from: the daily rollups
/// (<c>usage_daily</c>, written in the same statement as the raw rows, so exact), which keep a month of a busy tenant
/// to a few thousand rows however many requests it made.
/// </summary>
internal sealed class SqlInvoiceStore(SqlExecutor sql) : IInvoiceStore
{
    public Task<IReadOnlyList<ModelUsage>> LedgerUsageAsync(Guid tenantId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var period = from.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return sql.QueryAsync(
            """
            SELECT model, CAST(SUM(requests) AS BIGINT), CAST(SUM(prompt_tokens) AS BIGINT), CAST(SUM(completion_tokens) AS BIGINT), CAST(SUM(cost_micros) AS BIGINT)
            FROM usage_daily WHERE tenant_id = @tenant AND day >= @from AND day < @to GROUP BY model ORDER BY model
            """,
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId));
                SqlDialect.Add(c, "from", sql.Dialect.DayValue(from));
                SqlDialect.Add(c, "to", sql.Dialect.DayValue(to));
            },
            r => new ModelUsage(period, r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)),
            ct);
    }

    public Task<IReadOnlyList<ModelUsage>> BilledUsageAsync(Guid tenantId, IReadOnlyList<string> periods, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(periods);
        return sql.QueryAsync(
            """
            SELECT u.period, u.model, CAST(SUM(u.requests) AS BIGINT), CAST(SUM(u.prompt_tokens) AS BIGINT), CAST(SUM(u.completion_tokens) AS BIGINT),
                   CAST(SUM(u.cost_micros) AS BIGINT)
            FROM invoice_usage u JOIN invoices i ON i.number = u.number
            WHERE i.tenant_id = @tenant AND u.period >= @first AND u.period <= @last GROUP BY u.period, u.model
            """,
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId));
                SqlDialect.Add(c, "first", periods.Min(StringComparer.Ordinal) ?? "");
                SqlDialect.Add(c, "last", periods.Max(StringComparer.Ordinal) ?? "");
            },
            r => new ModelUsage(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
            ct);
    }

    public Task<bool> FinalizeAsync(Invoice invoice, IReadOnlyList<ModelUsage> billed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(billed);
        return sql.InTransactionAsync(async (connection, transaction) =>
        {
            await using (var insert = SqlExecutor.Command(connection, transaction,
                """
                INSERT INTO invoices (number, tenant_id, period, finalized_at, usage_micros, total_micros, body)
                VALUES (@number, @tenant, @period, @at, @usage, @total, @body) ON CONFLICT DO NOTHING
                """))
            {
                SqlDialect.Add(insert, "number", invoice.Number);
                SqlDialect.Add(insert, "tenant", sql.Dialect.GuidValue(invoice.TenantId));
                SqlDialect.Add(insert, "period", invoice.Period);
                SqlDialect.Add(insert, "at", sql.Dialect.TimeValue(invoice.FinalizedAt ?? throw new ArgumentException("A finalized invoice has a moment.", nameof(invoice))));
                SqlDialect.Add(insert, "usage", invoice.UsageMicros);
                SqlDialect.Add(insert, "total", invoice.TotalMicros);
                SqlDialect.Add(insert, "body", JsonSerializer.Serialize(invoice, StorageJsonContext.Default.Invoice));
                if (await insert.ExecuteNonQueryAsync(ct) == 0)
                {
                    return false;
                }
            }

            foreach (var usage in billed)
            {
                await using var line = SqlExecutor.Command(connection, transaction,
                    """
                    INSERT INTO invoice_usage (number, period, model, requests, prompt_tokens, completion_tokens, cost_micros)
                    VALUES (@number, @period, @model, @requests, @prompt, @completion, @cost)
                    """);
                SqlDialect.Add(line, "number", invoice.Number);
                SqlDialect.Add(line, "period", usage.Period);
                SqlDialect.Add(line, "model", usage.Model);
                SqlDialect.Add(line, "requests", usage.Requests);
                SqlDialect.Add(line, "prompt", usage.InputTokens);
                SqlDialect.Add(line, "completion", usage.OutputTokens);
                SqlDialect.Add(line, "cost", usage.CostMicros);
                await line.ExecuteNonQueryAsync(ct);
            }

            return true;
        }, ct);
    }

    public Task<IReadOnlyList<Invoice>> ListAsync(Guid tenantId, CancellationToken ct) =>
        sql.QueryAsync(
            "SELECT body FROM invoices WHERE tenant_id = @tenant ORDER BY period DESC",
            c => SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId)),
            Read,
            ct);

    public Task<Invoice?> GetAsync(Guid tenantId, string period, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            "SELECT body FROM invoices WHERE tenant_id = @tenant AND period = @period",
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId));
                SqlDialect.Add(c, "period", period);
            },
            Read,
            ct);

    private static Invoice Read(DbDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetString(0), StorageJsonContext.Default.Invoice)
        ?? throw new InvalidDataException("An invoice's stored body is empty.");
}
