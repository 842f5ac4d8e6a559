using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Storage;
using GatoLink.Silo.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The SQLite ledger's writes: one transaction per batch, <c>INSERT … ON CONFLICT DO NOTHING</c> per row, and the
/// inserted rows' sums upserted into <c>usage_daily</c> in the same transaction. One writer at a time (SQLite has one
/// write lock anyway), on a connection of its own that it keeps with both statements prepared, so a batch costs its
/// rows and not a connection, two pragmas and two statement compilations; any failure closes that connection and the
/// next batch opens a new one.
/// </summary>
/// <remarks>
/// The connection commits with <c>synchronous=NORMAL</c> (the database is in WAL mode): durable when the process dies,
/// as the usage spool is, without an fsync per commit; a power cut may take the last commits, as it may the spool's.
/// It is outside the connection pool, so no other write runs with that setting. Measured in bench/overhead: the ledger
/// written per group commit this way costs a silo less CPU per request than the spool, the usage stream and the
/// billing grain in its place.
/// </remarks>
internal sealed class SqliteLedgerWriter : IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id, prompt_tokens,
            completion_tokens, cost_micros, status, http_status, ttft_ms, duration_ms, silo_id, cache_hit, queued_ms, tags, gpu_ms,
            gpu_cost_micros, saved_tokens, saved_cost_micros, provider_cost_micros)
        VALUES (@id, @ts, @request_id, @attempt, @tenant, @key, @model, @node, @prompt, @completion, @cost, @status, @http, @ttft,
            @duration, @silo, @cache_hit, @queued, @tags, @gpu_ms, @gpu_cost, @saved_tokens, @saved_cost, @provider_cost)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static readonly string[] InsertParameters =
    [
        "id", "ts", "request_id", "attempt", "tenant", "key", "model", "node", "prompt", "completion", "cost", "status", "http",
        "ttft", "duration", "silo", "cache_hit", "queued", "tags", "gpu_ms", "gpu_cost", "saved_tokens", "saved_cost", "provider_cost",
    ];

    private static readonly string RollupSql = BuildRollupSql();
    private static readonly string[] RollupParameters =
    [
        "tenant", "day", "key", "model", "requests", "prompt", "completion", "cost", "errors", "ttft_count", "ttft_sum", "gpu_ms", "gpu_cost",
        .. Enumerable.Range(0, TtftHistogram.BucketCount).Select(TtftHistogram.Column),
    ];

    private readonly SqliteStorageProvider _storage;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Statements? _open;

    /// <summary>Writes into the database of <paramref name="storage"/>; connects on the first batch.</summary>
    public SqliteLedgerWriter(SqliteStorageProvider storage) => _storage = storage;

    /// <summary>Writes one batch in one transaction; returns the events that were new (a repeat is dropped by its id).</summary>
    public async Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var statements = _open ??= await OpenAsync(ct);
            try
            {
                return await WriteAsync(statements, batch, ct);
            }
            catch (Exception)
            {
                // Whatever failed (the file, the disk, a cancelled wait), the next batch starts on a new connection.
                _open = null;
                await statements.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_open is { } statements)
            {
                _open = null;
                await statements.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Statements> OpenAsync(CancellationToken ct)
    {
        var connection = await _storage.OpenOwnConnectionAsync(ct);
        try
        {
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(ct);
            }

            return new Statements(connection, Prepare(connection, InsertSql, InsertParameters), Prepare(connection, RollupSql, RollupParameters));
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            // Named as in the SQL text, prefix included (see SqlDialect.ParameterName).
            command.Parameters.Add(new SqliteParameter { ParameterName = SqlDialect.ParameterName(name) });
        }

        command.Prepare();
        return command;
    }

    private static async Task<IReadOnlyList<UsageEvent>> WriteAsync(Statements statements, IReadOnlyList<UsageEvent> batch, CancellationToken ct)
    {
        await using var transaction = (SqliteTransaction)await statements.Connection.BeginTransactionAsync(ct);
        var inserted = new List<UsageEvent>(batch.Count);
        var insert = statements.Insert;
        insert.Transaction = transaction;
        var p = insert.Parameters;
        foreach (var e in batch)
        {
            p[0].Value = SqliteLedgerStore.Guid(e.EventId);
            p[1].Value = e.Timestamp.ToUnixTimeMilliseconds();
            p[2].Value = e.RequestId;
            p[3].Value = e.Attempt;
            p[4].Value = SqliteLedgerStore.Guid(e.TenantId);
            p[5].Value = SqliteLedgerStore.Guid(e.ApiKeyId);
            p[6].Value = e.Model;
            p[7].Value = e.NodeId;
            p[8].Value = e.PromptTokens;
            p[9].Value = e.CompletionTokens;
            p[10].Value = e.CostMicros;
            p[11].Value = UsageStatusText.ToText(e.Status);
            p[12].Value = e.HttpStatus;
            p[13].Value = e.TimeToFirstTokenMs is { } ttft ? ttft : DBNull.Value;
            p[14].Value = e.DurationMs;
            p[15].Value = e.SiloId;
            p[16].Value = e.CacheHit ? 1 : 0;
            p[17].Value = e.QueuedMs;
            p[18].Value = (object?)TagJson.Write(e.Tags) ?? DBNull.Value;
            p[19].Value = e.GpuMs;
            p[20].Value = e.GpuCostMicros;
            p[21].Value = e.SavedTokens;
            p[22].Value = e.SavedCostMicros;
            p[23].Value = e.ProviderCostMicros;
            if (await insert.ExecuteNonQueryAsync(ct) == 1)
            {
                inserted.Add(e);
            }
        }

        await UpsertRollupsAsync(statements.Rollup, transaction, inserted, ct);
        await transaction.CommitAsync(ct);
        return inserted;
    }

    private static async Task UpsertRollupsAsync(SqliteCommand upsert, SqliteTransaction transaction, List<UsageEvent> inserted, CancellationToken ct)
    {
        var rollups = new Dictionary<RollupKey, DailyRollup>();
        foreach (var e in inserted)
        {
            var key = new RollupKey(e.TenantId, DateOnly.FromDateTime(e.Timestamp.UtcDateTime), e.ApiKeyId, e.Model);
            if (!rollups.TryGetValue(key, out var rollup))
            {
                rollup = new DailyRollup();
                rollups.Add(key, rollup);
            }

            rollup.Add(e);
        }

        upsert.Transaction = transaction;
        var p = upsert.Parameters;
        foreach (var (key, r) in rollups)
        {
            p[0].Value = SqliteLedgerStore.Guid(key.TenantId);
            p[1].Value = SqliteLedgerStore.Day(key.Day);
            p[2].Value = SqliteLedgerStore.Guid(key.ApiKeyId);
            p[3].Value = key.Model;
            p[4].Value = r.Requests;
            p[5].Value = r.PromptTokens;
            p[6].Value = r.CompletionTokens;
            p[7].Value = r.CostMicros;
            p[8].Value = r.Errors;
            p[9].Value = r.TtftCount;
            p[10].Value = r.TtftSumMs;
            p[11].Value = r.GpuMs;
            p[12].Value = r.GpuCostMicros;
            for (var i = 0; i < TtftHistogram.BucketCount; i++)
            {
                p[13 + i].Value = r.Buckets[i];
            }

            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    private static string BuildRollupSql()
    {
        var columns = Enumerable.Range(0, TtftHistogram.BucketCount).Select(TtftHistogram.Column).ToList();
        var sql = new StringBuilder("INSERT INTO usage_daily (tenant_id, day, api_key_id, model, requests, prompt_tokens, completion_tokens, cost_micros, errors, ttft_count, ttft_sum_ms, gpu_ms, gpu_cost_micros");
        foreach (var c in columns)
        {
            sql.Append(", ").Append(c);
        }

        sql.Append(") VALUES (@tenant, @day, @key, @model, @requests, @prompt, @completion, @cost, @errors, @ttft_count, @ttft_sum, @gpu_ms, @gpu_cost");
        foreach (var c in columns)
        {
            sql.Append(", @").Append(c);
        }

        sql.Append(") ON CONFLICT (tenant_id, day, api_key_id, model) DO UPDATE SET requests = requests + excluded.requests, ")
            .Append("prompt_tokens = prompt_tokens + excluded.prompt_tokens, completion_tokens = completion_tokens + excluded.completion_tokens, ")
            .Append("cost_micros = cost_micros + excluded.cost_micros, errors = errors + excluded.errors, ")
            .Append("ttft_count = ttft_count + excluded.ttft_count, ttft_sum_ms = ttft_sum_ms + excluded.ttft_sum_ms, ")
            .Append("gpu_ms = gpu_ms + excluded.gpu_ms, gpu_cost_micros = gpu_cost_micros + excluded.gpu_cost_micros");
        foreach (var c in columns)
        {
            sql.Append(", ").Append(c).Append(" = ").Append(c).Append(" + excluded.").Append(c);
        }

        return sql.ToString();
    }

    /// <summary>The kept connection and its two prepared statements.</summary>
    private sealed record Statements(SqliteConnection Connection, SqliteCommand Insert, SqliteCommand Rollup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Insert.DisposeAsync();
            await Rollup.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
