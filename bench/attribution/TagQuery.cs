using System.Diagnostics;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Npgsql;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Bench.Attribution;

/// <summary>
/// Usage grouped by a tag over a large ledger on PostgreSQL: rows generated in one INSERT…SELECT over 30 days, 20
/// tenants, 200 customers and 10 features (a fifth of the rows untagged), then the usage API's queries timed.
/// </summary>
internal static class TagQuery
{
    public static async Task RunAsync(string database, int rows)
    {
        await using var storage = new PostgresStorageProvider(database);
        await storage.MigrateAsync(CancellationToken.None);
        var store = new PostgresLedgerStore(storage.DataSource);
        var now = DateTimeOffset.UtcNow;
        await store.PrepareAsync(now.AddDays(-31), CancellationToken.None);
        await store.PrepareAsync(now, CancellationToken.None);
        var tenants = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();

        var clock = Stopwatch.StartNew();
        await using (var insert = storage.DataSource.CreateCommand(
            """
            INSERT INTO usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id, prompt_tokens,
                completion_tokens, cost_micros, status, http_status, ttft_ms, duration_ms, silo_id, tags, gpu_ms, gpu_cost_micros)
            SELECT gen_random_uuid(), @now - (i * interval '30 days' / @rows), 'req_' || i, 1, (@tenants)[1 + i % 20],
                md5('key' || (i % 200))::uuid, 'demo-8b', 'node-' || (i % 4), 100 + i % 900, 50 + i % 400, 250 + i % 1700,
                'success', 200, 80 + i % 300, 500 + i % 3000, 'silo-1',
                CASE WHEN i % 5 = 0 THEN NULL
                     ELSE jsonb_build_object('customer', 'c' || ((i / 7) % 200), 'feature', 'f' || ((i / 3) % 10)) END,
                500 + i % 3000, 0
            FROM generate_series(1, @rows) AS i
            """))
        {
            insert.Parameters.AddWithValue("now", now.UtcDateTime);
            insert.Parameters.AddWithValue("rows", rows);
            insert.Parameters.AddWithValue("tenants", tenants);
            insert.CommandTimeout = 0;
            await insert.ExecuteNonQueryAsync();
        }

        await using (var analyze = storage.DataSource.CreateCommand("ANALYZE usage_events"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine(FormattableString.Invariant($"data: {rows:N0} ledger rows over 30 days generated in {clock.Elapsed.TotalSeconds:F1} s"));
        var to = DateOnly.FromDateTime(now.UtcDateTime);
        var from = to.AddDays(-29);
        await TimeAsync(store, "one tenant, group_by=tag:customer", new UsageQuery(from, to, UsageGrouping.Tag, tenants[3], null, "customer"));
        await TimeAsync(store, "all tenants, group_by=tag:customer", new UsageQuery(from, to, UsageGrouping.Tag, null, null, "customer"));
        await TimeAsync(store, "one tenant, group_by=tag:feature, tag=customer:c23", new UsageQuery(from, to, UsageGrouping.Tag, tenants[3], null, "feature",
            new Dictionary<string, string> { ["customer"] = "c23" }));
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task TimeAsync(PostgresLedgerStore store, string label, UsageQuery query)
    {
        var times = new List<double>();
        var groups = 0;
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            groups = (await store.QueryAsync(query, CancellationToken.None)).Count;
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds); // the first run warms the cache and the plan
            }
        }

        times.Sort();
        Console.WriteLine(FormattableString.Invariant($"  {label}: {groups} groups, median {times[times.Count / 2]:F0} ms, best {times[0]:F0} ms (5 runs)"));
    }
}
