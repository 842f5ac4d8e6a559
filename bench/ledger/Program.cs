// Ledger benchmark: (1) events/s written to PostgreSQL through the LedgerWriter writer; (2) latency of a 30-day
// group_by=day usage query over 5 million events (generated with binary COPY, rollups built with one INSERT…SELECT).
// Usage: GatoLink.Bench.Ledger <admin connection string> [writer events] [query events]
using System.Diagnostics;
using System.Globalization;
using GatoLink.Bench.Ledger;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

var admin = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("GATOLINK_BENCH_PG")
    ?? throw new InvalidOperationException("Pass a PostgreSQL connection string (or set GATOLINK_BENCH_PG).");
var writerEvents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500_000;
var queryEvents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5_000_000;
var now = DateTimeOffset.UtcNow;
var shape = new EventShape(tenants: 20, keysPerTenant: 10, models: ["demo-8b", "llama-70b", "qwen-32b", "mistral-7b"]);

// 1. Writer throughput.
await using (var storage = new PostgresStorageProvider(await BenchDatabase.CreateAsync(admin, "writer")))
{
    await storage.MigrateAsync(CancellationToken.None);
    var store = new PostgresLedgerStore(storage.DataSource);
    var spoolPath = Path.Combine(Path.GetTempPath(), $"gatolink-bench-spool-{Guid.NewGuid():N}.db");
    using var spool = new UsageSpool(spoolPath);
    var options = Options.Create(new LedgerOptions { QueueCapacity = writerEvents + 1, BatchSize = 5_000 });
    using var grain = new LedgerWriter(store, spool, [], options, TimeProvider.System, NullLogger<LedgerWriter>.Instance);
    await grain.StartAsync(CancellationToken.None);

    // Warm-up: partitions, prepared plans, pool.
    for (var i = 0; i < 10_000; i++)
    {
        grain.Publish(shape.Event(i, now));
    }

    await grain.DrainAsync(CancellationToken.None);
    var events = Enumerable.Range(10_000, writerEvents).Select(i => shape.Event(i, now)).ToArray();
    var clock = Stopwatch.StartNew();
    foreach (var e in events)
    {
        grain.Publish(e);
    }

    var published = clock.Elapsed;
    await grain.DrainAsync(CancellationToken.None);
    var elapsed = clock.Elapsed;
    await grain.StopAsync(CancellationToken.None);
    Console.WriteLine(FormattableString.Invariant(
        $"writer: {writerEvents:N0} events in {elapsed.TotalSeconds:F2} s = {writerEvents / elapsed.TotalSeconds:N0} events/s (publish alone {published.TotalMilliseconds:F0} ms; spooled {grain.Spooled}; written {grain.Written:N0})"));
    File.Delete(spoolPath);
}

// 2. Query latency over 5M events in 30 days.
await using (var storage = new PostgresStorageProvider(await BenchDatabase.CreateAsync(admin, "query")))
{
    await storage.MigrateAsync(CancellationToken.None);
    var store = new PostgresLedgerStore(storage.DataSource);
    var firstDay = now.UtcDateTime.Date.AddDays(-29);
    await store.PrepareAsync(firstDay, CancellationToken.None);
    await store.PrepareAsync(now, CancellationToken.None);

    var clock = Stopwatch.StartNew();
    await using (var connection = await storage.DataSource.OpenConnectionAsync())
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY usage_events (event_id, ts, request_id, attempt, tenant_id, api_key_id, model, node_id, prompt_tokens, completion_tokens, " +
            "cost_micros, status, http_status, ttft_ms, duration_ms, silo_id) FROM STDIN (FORMAT BINARY)");
        var span = TimeSpan.FromDays(30).Ticks / queryEvents;
        for (var i = 0; i < queryEvents; i++)
        {
            var e = shape.Event(i, new DateTimeOffset(firstDay, TimeSpan.Zero).AddTicks(span * i));
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

    var copied = clock.Elapsed;
    clock.Restart();
    await using (var rollup = storage.DataSource.CreateCommand(PostgresLedgerStore.RollupInsertSql("usage_events") + "; ANALYZE usage_daily"))
    {
        rollup.CommandTimeout = 0;
        await rollup.ExecuteNonQueryAsync();
    }

    var rolled = clock.Elapsed;
    long rollupRows;
    await using (var count = storage.DataSource.CreateCommand("SELECT COUNT(*) FROM usage_daily"))
    {
        rollupRows = (long)(await count.ExecuteScalarAsync())!;
    }

    Console.WriteLine(FormattableString.Invariant(
        $"data: {queryEvents:N0} events over 30 days COPY'd in {copied.TotalSeconds:F1} s ({queryEvents / copied.TotalSeconds:N0}/s); rollups ({rollupRows:N0} rows) built in {rolled.TotalSeconds:F1} s"));

    var to = DateOnly.FromDateTime(now.UtcDateTime);
    var from = to.AddDays(-29);
    foreach (var (label, query) in new[]
    {
        ("one tenant, group_by=day", new UsageQuery(from, to, UsageGrouping.Day, shape.Tenant(0), null)),
        ("all tenants, group_by=day", new UsageQuery(from, to, UsageGrouping.Day, null, null)),
        ("one tenant, group_by=key", new UsageQuery(from, to, UsageGrouping.Key, shape.Tenant(0), null)),
    })
    {
        var rows = await store.QueryAsync(query, CancellationToken.None);
        var samples = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var t = Stopwatch.StartNew();
            await store.QueryAsync(query, CancellationToken.None);
            samples.Add(t.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"query 30 days, {label}: {rows.Count} rows, {rows.Sum(r => r.Requests):N0} requests; p50 {samples[25]:F2} ms, p95 {samples[47]:F2} ms, max {samples[^1]:F2} ms"));
    }
}
