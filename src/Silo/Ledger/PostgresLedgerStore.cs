using System.Collections.Concurrent;
using System.Globalization;
using GatoLink.Silo.Storage;
using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The ledger in PostgreSQL. A batch is one statement: the events go in as arrays through <c>unnest</c>
/// (<c>INSERT … ON CONFLICT DO NOTHING RETURNING</c>), and a second data-modifying CTE adds exactly the returned
/// rows to <c>usage_daily</c>: one round trip, one transaction, a replayed event never counted twice.
/// Monthly partitions are created here, once per month per process, never per event.
/// </summary>
public sealed class PostgresLedgerStore : ILedgerStore
{
    // "gatoledg": serialises partition DDL between silos.
    private const long PartitionLockKey = 0x6761746F6C656467;
    private static readonly string WriteSql = BuildWriteSql();

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentDictionary<DateOnly, bool> _months = new();

    /// <summary>Creates the store over the silo's data source.</summary>
    public PostgresLedgerStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        foreach (var e in batch)
        {
            var month = MonthOf(e.Timestamp);
            if (!_months.ContainsKey(month))
            {
                await EnsurePartitionAsync(month, ct);
            }
        }

        var n = batch.Count;
        var ids = new Guid[n];
        var ts = new DateTime[n];
        var requestIds = new string[n];
        var attempts = new int[n];
        var tenants = new Guid[n];
        var keys = new Guid[n];
        var models = new string[n];
        var nodes = new string[n];
        var prompt = new int[n];
        var completion = new int[n];
        var cost = new long[n];
        var status = new string[n];
        var http = new int[n];
        var ttft = new double[n];
        var duration = new double[n];
        var silos = new string[n];
        var cacheHits = new bool[n];
        var queued = new double[n];
        var tags = new string?[n];
        var gpuMs = new double[n];
        var gpuCost = new long[n];
        var savedTokens = new long[n];
        var savedCost = new long[n];
        for (var i = 0; i < n; i++)
        {
            var e = batch[i];
            ids[i] = e.EventId;
            ts[i] = e.Timestamp.UtcDateTime;
            requestIds[i] = e.RequestId;
            attempts[i] = e.Attempt;
            tenants[i] = e.TenantId;
            keys[i] = e.ApiKeyId;
            models[i] = e.Model;
            nodes[i] = e.NodeId;
            prompt[i] = e.PromptTokens;
            completion[i] = e.CompletionTokens;
            cost[i] = e.CostMicros;
            status[i] = UsageStatusText.ToText(e.Status);
            http[i] = e.HttpStatus;
            ttft[i] = e.TimeToFirstTokenMs ?? double.NaN;
            duration[i] = e.DurationMs;
            silos[i] = e.SiloId;
            cacheHits[i] = e.CacheHit;
            queued[i] = e.QueuedMs;
            tags[i] = TagJson.Write(e.Tags);
            gpuMs[i] = e.GpuMs;
            gpuCost[i] = e.GpuCostMicros;
            savedTokens[i] = e.SavedTokens;
            savedCost[i] = e.SavedCostMicros;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(WriteSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = ts });
        command.Parameters.Add(new NpgsqlParameter<string[]>("request_id", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = requestIds });
        command.Parameters.Add(new NpgsqlParameter<int[]>("attempt", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("tenant", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = tenants });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("key", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = keys });
        command.Parameters.Add(new NpgsqlParameter<string[]>("model", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = models });
        command.Parameters.Add(new NpgsqlParameter<string[]>("node", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = nodes });
        command.Parameters.Add(new NpgsqlParameter<int[]>("prompt", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = prompt });
        command.Parameters.Add(new NpgsqlParameter<int[]>("completion", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = completion });
        command.Parameters.Add(new NpgsqlParameter<long[]>("cost", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = cost });
        command.Parameters.Add(new NpgsqlParameter<string[]>("status", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = status });
        command.Parameters.Add(new NpgsqlParameter<int[]>("http", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = http });
        command.Parameters.Add(new NpgsqlParameter<double[]>("ttft", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = ttft });
        command.Parameters.Add(new NpgsqlParameter<double[]>("duration", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = duration });
        command.Parameters.Add(new NpgsqlParameter<string[]>("silo", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = silos });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("cache_hit", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = cacheHits });
        command.Parameters.Add(new NpgsqlParameter<double[]>("queued", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = queued });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("tags", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = tags });
        command.Parameters.Add(new NpgsqlParameter<double[]>("gpu_ms", NpgsqlDbType.Array | NpgsqlDbType.Double) { TypedValue = gpuMs });
        command.Parameters.Add(new NpgsqlParameter<long[]>("gpu_cost", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = gpuCost });
        command.Parameters.Add(new NpgsqlParameter<long[]>("saved_tokens", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = savedTokens });
        command.Parameters.Add(new NpgsqlParameter<long[]>("saved_cost", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = savedCost });

        var inserted = new HashSet<Guid>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // "no partition of relation found for row": a partition this process thought it had was dropped
            // (retention on another silo). Forget what is known so the retry creates it again.
            _months.Clear();
            throw;
        }

        if (inserted.Count == n)
        {
            return batch;
        }

        return batch.Where(e => inserted.Contains(e.EventId)).ToList();
    }

    /// <inheritdoc />
    public async Task PrepareAsync(DateTimeOffset now, CancellationToken ct)
    {
        var month = MonthOf(now);
        await EnsurePartitionAsync(month, ct);
        await EnsurePartitionAsync(month.AddMonths(1), ct);
    }

    /// <inheritdoc />
    public async Task<int> DropRawBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var limit = MonthOf(cutoff);
        var names = new List<string>();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using (var list = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'usage_events'::regclass", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var dropped = 0;
        foreach (var name in names)
        {
            if (TryParsePartition(name, out var month) && month < limit)
            {
                await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {name}", connection);
                await drop.ExecuteNonQueryAsync(ct);
                _months.TryRemove(month, out _);
                dropped++;
            }
        }

        return dropped;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken ct) =>
        IdempotentReads.RunAsync(token => QueryOnceAsync(query, token), ex => PostgresBrokenConnections.Forget(_dataSource, ex), ct);

    private async Task<IReadOnlyList<UsageRow>> QueryOnceAsync(UsageQuery query, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = query.NeedsRawRows
            ? RawUsageQuery.Build(connection, query, LedgerSqlFlavor.Postgres, t => t.UtcDateTime, g => g)
            : RollupQuery.Build(connection, query, d => d, g => g);
        return await RollupQuery.ReadAsync(command, ct);
    }

    /// <inheritdoc />
    public Task<CacheSavings> CacheSavingsAsync(UsageQuery query, CancellationToken ct) =>
        IdempotentReads.RunAsync(
            async token =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(token);
                await using var command = CacheSavingsQuery.Build(connection, query, t => t.UtcDateTime, g => g);
                return await CacheSavingsQuery.ReadAsync(command, token);
            },
            ex => PostgresBrokenConnections.Forget(_dataSource, ex),
            ct);

    /// <inheritdoc />
    public async Task<long> CostSinceAsync(Guid tenantId, DateTimeOffset since, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.BuildCostSince(connection, tenantId, since, before, t => t.UtcDateTime, g => g);
        return await BalanceQuery.ReadCostAsync(command, ct);
    }

    /// <inheritdoc />
    public async Task<SpentTotals> SpentBeforeAsync(Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = BalanceQuery.Build(connection, tenantId, keyId, before, t => t.UtcDateTime, d => d, g => g);
        return await BalanceQuery.ReadAsync(command, ct);
    }

    /// <summary>The partition name of a month: <c>usage_events_pYYYYMM</c>.</summary>
    public static string PartitionName(DateOnly month) => $"usage_events_p{month.Year:0000}{month.Month:00}";

    private static bool TryParsePartition(string name, out DateOnly month)
    {
        month = default;
        const string prefix = "usage_events_p";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length != prefix.Length + 6
            || !int.TryParse(name.AsSpan(prefix.Length, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(name.AsSpan(prefix.Length + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m is < 1 or > 12)
        {
            return false;
        }

        month = new DateOnly(year, m, 1);
        return true;
    }

    private static DateOnly MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    private async Task EnsurePartitionAsync(DateOnly month, CancellationToken ct)
    {
        var from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", PartitionLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        // Names and bounds come from a DateOnly, never from input.
        await using (var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {PartitionName(month)} PARTITION OF usage_events FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        _months[month] = true;
    }

    private static string BuildWriteSql()
    {
        var sql = new StringBuilder()
            .AppendLine("WITH ins AS (")
            .AppendLine("  INSERT INTO usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id,")
            .AppendLine("    prompt_tokens, completion_tokens, cost_micros, status, http_status, ttft_ms, duration_ms, silo_id, cache_hit, queued_ms,")
            .AppendLine("    tags, gpu_ms, gpu_cost_micros, saved_tokens, saved_cost_micros)")
            .AppendLine("  SELECT u.id, u.ts, u.request_id, u.attempt, u.tenant, u.key, u.model, u.node, u.prompt, u.completion,")
            .AppendLine("    u.cost, u.status, u.http, NULLIF(u.ttft, 'NaN'::float8), u.duration, u.silo, u.cache_hit, u.queued, u.tags, u.gpu_ms, u.gpu_cost,")
            .AppendLine("    u.saved_tokens, u.saved_cost")
            .AppendLine("  FROM unnest(@id, @ts, @request_id, @attempt, @tenant, @key, @model, @node, @prompt, @completion,")
            .AppendLine("    @cost, @status, @http, @ttft, @duration, @silo, @cache_hit, @queued, @tags, @gpu_ms, @gpu_cost, @saved_tokens, @saved_cost)")
            .AppendLine("    AS u(id, ts, request_id, attempt, tenant, key, model, node, prompt, completion, cost, status, http, ttft, duration, silo, cache_hit,")
            .AppendLine("      queued, tags, gpu_ms, gpu_cost, saved_tokens, saved_cost)")
            // Key order: two writers inserting overlapping events (a replay racing the original) wait on each
            // other's uncommitted keys; in one common order that is a wait, never a deadlock.
            .AppendLine("  ORDER BY u.id, u.ts")
            .AppendLine("  ON CONFLICT DO NOTHING")
            .AppendLine("  RETURNING event_id, ts, tenant_id, api_key_id, model, prompt_tokens, completion_tokens, cost_micros, status, ttft_ms, gpu_ms, gpu_cost_micros")
            .AppendLine("), rollup AS (")
            .Append(RollupInsertSql("ins"));
        sql.AppendLine().AppendLine("  RETURNING 1").AppendLine(")").Append("SELECT event_id FROM ins");
        return sql.ToString();
    }

    /// <summary>
    /// <c>INSERT INTO usage_daily … SELECT … FROM {source} GROUP BY … ON CONFLICT … DO UPDATE</c> adding the source's
    /// aggregates: the writer's CTE uses it over the rows it just inserted; a rebuild (or the benchmark) over <c>usage_events</c>.
    /// </summary>
    public static string RollupInsertSql(string source)
    {
        var buckets = Enumerable.Range(0, TtftHistogram.BucketCount).Select(TtftHistogram.Column).ToList();
        var sql = new StringBuilder()
            .Append("  INSERT INTO usage_daily (tenant_id, day, api_key_id, model, requests, prompt_tokens, completion_tokens,")
            .Append(" cost_micros, errors, ttft_count, ttft_sum_ms, gpu_ms, gpu_cost_micros, ").AppendJoin(", ", buckets).AppendLine(")")
            .AppendLine("  SELECT tenant_id, (ts AT TIME ZONE 'UTC')::date, api_key_id, model, count(*), sum(prompt_tokens),")
            .Append("    sum(completion_tokens), sum(cost_micros), count(*) FILTER (WHERE status IN (").Append(UsageStatusText.ErrorStatusesSql).AppendLine(")),")
            .Append("    count(ttft_ms), coalesce(sum(ttft_ms), 0), coalesce(sum(gpu_ms), 0), coalesce(sum(gpu_cost_micros), 0)");
        for (var i = 0; i < TtftHistogram.BucketCount; i++)
        {
            sql.Append(", count(*) FILTER (WHERE ").Append(TtftHistogram.Condition(i)).Append(')');
        }

        sql.AppendLine()
            .Append("  FROM ").Append(source).AppendLine(" GROUP BY 1, 2, 3, 4")
            // Rows are upserted in key order so that two silos adding to the same rollups cannot deadlock.
            .AppendLine("  ORDER BY 1, 2, 3, 4")
            .Append("  ON CONFLICT (tenant_id, day, api_key_id, model) DO UPDATE SET requests = usage_daily.requests + EXCLUDED.requests");
        foreach (var c in new[] { "prompt_tokens", "completion_tokens", "cost_micros", "errors", "ttft_count", "ttft_sum_ms", "gpu_ms", "gpu_cost_micros" }.Concat(buckets))
        {
            sql.Append(", ").Append(c).Append(" = usage_daily.").Append(c).Append(" + EXCLUDED.").Append(c);
        }

        return sql.ToString();
    }
}
