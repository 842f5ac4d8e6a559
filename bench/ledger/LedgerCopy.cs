using GatoLink.Silo.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Bench.Ledger;

/// <summary>
/// A large ledger made fast: synthetic events written to <c>usage_events</c> with binary COPY, then the daily rollups
/// built from them with the ledger's own rollup statement (the writer keeps them in the same statement as the rows;
/// the end state is the same).
/// </summary>
internal static class LedgerCopy
{
    /// <summary>COPYs events <c>0..count-1</c> of <paramref name="shape"/>, spread evenly from <paramref name="first"/> over <paramref name="span"/>.</summary>
    public static async Task CopyAsync(NpgsqlDataSource source, EventShape shape, int count, DateTimeOffset first, TimeSpan span)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id, prompt_tokens, completion_tokens, " +
            "cost_micros, status, http_status, ttft_ms, duration_ms, silo_id) FROM STDIN (FORMAT BINARY)");
        var step = span.Ticks / count;
        for (var i = 0; i < count; i++)
        {
            var e = shape.Event(i, first.AddTicks(step * i));
            await copy.StartRowAsync();
            await copy.WriteAsync(e.EventId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(e.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(e.RequestId, NpgsqlDbType.Text);
            await copy.WriteAsync(e.Attempt, NpgsqlDbType.Integer);
            await copy.WriteAsync(e.TenantId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(e.ApiKeyId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(e.Model, NpgsqlDbType.Text);
            await copy.WriteAsync(e.NodeId, NpgsqlDbType.Text);
            await copy.WriteAsync(e.PromptTokens, NpgsqlDbType.Integer);
            await copy.WriteAsync(e.CompletionTokens, NpgsqlDbType.Integer);
            await copy.WriteAsync(e.CostMicros, NpgsqlDbType.Bigint);
            await copy.WriteAsync(UsageStatusText.ToText(e.Status), NpgsqlDbType.Text);
            await copy.WriteAsync(e.HttpStatus, NpgsqlDbType.Integer);
            if (e.TimeToFirstTokenMs is { } ttft)
            {
                await copy.WriteAsync(ttft, NpgsqlDbType.Double);
            }
            else
            {
                await copy.WriteNullAsync();
            }

            await copy.WriteAsync(e.DurationMs, NpgsqlDbType.Double);
            await copy.WriteAsync(e.SiloId, NpgsqlDbType.Text);
        }

        await copy.CompleteAsync();
    }

    /// <summary>Builds <c>usage_daily</c> from every row of <c>usage_events</c>; returns its row count.</summary>
    public static async Task<long> RollUpAsync(NpgsqlDataSource source)
    {
        await using (var rollup = source.CreateCommand(PostgresLedgerBatch.RollupInsertSql("usage_events") + "; ANALYZE usage_daily"))
        {
            rollup.CommandTimeout = 0;
            await rollup.ExecuteNonQueryAsync();
        }

        await using var rowCount = source.CreateCommand("SELECT COUNT(*) FROM usage_daily");
        return (long)(await rowCount.ExecuteScalarAsync())!;
    }
}
