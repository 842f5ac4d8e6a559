using System.Data.Common;
using System.Globalization;
using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Storage;
using GatoLink.PerSilo.Billing;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The ledger in SQLite: one transaction per batch, <c>INSERT … ON CONFLICT DO NOTHING</c> per row (prepared once),
/// and the inserted rows' sums upserted into <c>usage_daily</c> in the same transaction.
/// </summary>
/// <remarks>
/// A batch commits with <c>synchronous=NORMAL</c> (the database is in WAL mode): durable when the process dies, as the
/// usage spool is, without an fsync per commit; a power cut may take the last commits, as it may the spool's. The
/// setting is per connection and goes back to the provider's <c>FULL</c> before the connection returns to the pool, so
/// no other write runs with it. Measured in bench/overhead: the ledger written per group commit this way costs a
/// silo about 17% less CPU per request than the spool, the usage stream and the billing grain in its place.
/// </remarks>
public sealed class SqliteLedgerStore : ILedgerStore
{
    private const string InsertSql = """
        INSERT INTO usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id, prompt_tokens,
            completion_tokens, cost_micros, status, http_status, ttft_ms, duration_ms, silo_id, cache_hit, queued_ms, tags, gpu_ms,
            gpu_cost_micros, saved_tokens, saved_cost_micros)
        VALUES (@id, @ts, @request_id, @attempt, @tenant, @key, @model, @node, @prompt, @completion, @cost, @status, @http, @ttft,
            @duration, @silo, @cache_hit, @queued, @tags, @gpu_ms, @gpu_cost, @saved_tokens, @saved_cost)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static readonly string RollupSql = BuildRollupSql();
    private readonly IStorageConnectionFactory _connections;

    /// <summary>Creates the store over the silo's SQLite provider.</summary>
    public SqliteLedgerStore(IStorageConnectionFactory connections) => _connections = connections;

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        await using var connection = await _connections.OpenConnectionAsync(ct);
        await Pragma(connection, "PRAGMA synchronous = NORMAL;", ct);
        try
        {
            return await WriteAsync(connection, batch, ct);
        }
        finally
        {
            // Not the caller's token: the connection goes back to the pool, and must go back as it came.
            await Pragma(connection, "PRAGMA synchronous = FULL;", CancellationToken.None);
        }
    }

    private static async Task Pragma(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<UsageEvent>> WriteAsync(DbConnection connection, IReadOnlyList<UsageEvent> batch, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = new List<UsageEvent>(batch.Count);
        await using (var insert = Command(connection, transaction, InsertSql))
        {
            var p = new[] { "id", "ts", "request_id", "attempt", "tenant", "key", "model", "node", "prompt", "completion", "cost", "status", "http", "ttft", "duration", "silo", "cache_hit", "queued", "tags", "gpu_ms", "gpu_cost", "saved_tokens", "saved_cost" }
                .Select(name => Parameter(insert, name)).ToArray();
            foreach (var e in batch)
            {
                p[0].Value = Guid(e.EventId);
                p[1].Value = e.Timestamp.ToUnixTimeMilliseconds();
                p[2].Value = e.RequestId;
                p[3].Value = e.Attempt;
                p[4].Value = Guid(e.TenantId);
                p[5].Value = Guid(e.ApiKeyId);
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
                if (await insert.ExecuteNonQueryAsync(ct) == 1)
                {
                    inserted.Add(e);
                }
            }
        }

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

        await using (var upsert = Command(connection, transaction, RollupSql))
        {
            var names = new List<string> { "tenant", "day", "key", "model", "requests", "prompt", "completion", "cost", "errors", "ttft_count", "ttft_sum", "gpu_ms", "gpu_cost" };
            names.AddRange(Enumerable.Range(0, TtftHistogram.BucketCount).Select(TtftHistogram.Column));
            var p = names.Select(name => Parameter(upsert, name)).ToArray();
            foreach (var (key, r) in rollups)
            {
                p[0].Value = Guid(key.TenantId);
                p[1].Value = Day(key.Day);
                p[2].Value = Guid(key.ApiKeyId);
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

        await transaction.CommitAsync(ct);
        return inserted;
    }

    /// <inheritdoc />
    public Task PrepareAsync(DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<int> DropRawBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var utc = cutoff.UtcDateTime;
        var monthStart = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM usage_events WHERE ts < @cutoff";
        Parameter(command, "cutoff").Value = monthStart.ToUnixTimeMilliseconds();
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = query.NeedsRawRows
            ? RawUsageQuery.Build(connection, query, LedgerSqlFlavor.Sqlite, t => t.ToUnixTimeMilliseconds(), g => Guid(g))
            : RollupQuery.Build(connection, query, d => Day(d), g => Guid(g));
        return await RollupQuery.ReadAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<CacheSavings> CacheSavingsAsync(UsageQuery query, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = CacheSavingsQuery.Build(connection, query, t => t.ToUnixTimeMilliseconds(), g => Guid(g));
        return await CacheSavingsQuery.ReadAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<long> CostSinceAsync(Guid tenantId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.BuildCostSince(connection, tenantId, since, before, t => t.ToUnixTimeMilliseconds(), g => Guid(g));
        return await BalanceQuery.ReadCostAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<SpentTotals> SpentBeforeAsync(Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.Build(connection, tenantId, keyId, before, t => t.ToUnixTimeMilliseconds(), d => Day(d), g => Guid(g));
        return await BalanceQuery.ReadAsync(command, ct);
    }

    private static string Guid(Guid value) => value.ToString("D");

    private static string Day(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    // Named as in the SQL text, prefix included (see SqlDialect.ParameterName).
    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = SqlDialect.ParameterName(name);
        command.Parameters.Add(parameter);
        return parameter;
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
}
