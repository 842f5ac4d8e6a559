using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using Npgsql;
using NpgsqlTypes;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// One ledger batch as one PostgreSQL statement: the events as arrays through <c>unnest</c>
/// (<c>INSERT … ON CONFLICT DO NOTHING RETURNING</c>), and a second data-modifying CTE that adds exactly the returned
/// rows to <c>usage_daily</c>.
/// </summary>
public static class PostgresLedgerBatch
{
    private static readonly string WriteSql = BuildWriteSql();

    /// <summary>The statement writing <paramref name="batch"/>; it reads back the ids of the events that were new.</summary>
    public static NpgsqlCommand Command(IReadOnlyList<UsageEvent> batch, NpgsqlConnection connection)
    {
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
        var providerCost = new long[n];
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
            providerCost[i] = e.ProviderCostMicros;
        }

        var command = new NpgsqlCommand(WriteSql, connection);
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
        command.Parameters.Add(new NpgsqlParameter<long[]>("provider_cost", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = providerCost });

        return command;
    }

    private static string BuildWriteSql()
    {
        var sql = new StringBuilder()
            .AppendLine("WITH ins AS (")
            .AppendLine("  INSERT INTO usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id,")
            .AppendLine("    prompt_tokens, completion_tokens, cost_micros, status, http_status, ttft_ms, duration_ms, silo_id, cache_hit, queued_ms,")
            .AppendLine("    tags, gpu_ms, gpu_cost_micros, saved_tokens, saved_cost_micros, provider_cost_micros)")
            .AppendLine("  SELECT u.id, u.ts, u.request_id, u.attempt, u.tenant, u.key, u.model, u.node, u.prompt, u.completion,")
            .AppendLine("    u.cost, u.status, u.http, NULLIF(u.ttft, 'NaN'::float8), u.duration, u.silo, u.cache_hit, u.queued, u.tags, u.gpu_ms, u.gpu_cost,")
            .AppendLine("    u.saved_tokens, u.saved_cost, u.provider_cost")
            .AppendLine("  FROM unnest(@id, @ts, @request_id, @attempt, @tenant, @key, @model, @node, @prompt, @completion,")
            .AppendLine("    @cost, @status, @http, @ttft, @duration, @silo, @cache_hit, @queued, @tags, @gpu_ms, @gpu_cost, @saved_tokens, @saved_cost, @provider_cost)")
            .AppendLine("    AS u(id, ts, request_id, attempt, tenant, key, model, node, prompt, completion, cost, status, http, ttft, duration, silo, cache_hit,")
            .AppendLine("      queued, tags, gpu_ms, gpu_cost, saved_tokens, saved_cost, provider_cost)")
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
