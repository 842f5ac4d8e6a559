// Ledger benchmark.
// (1) The usage path end to end, in a real silo on PostgreSQL (ADO.NET clustering and streams): an event recorded the
//     way a request records it (awaited until durable in the spool) → spool → Orleans stream in PostgreSQL → billing
//     grain → ledger → acknowledgement → spool row deleted. Sustained events/s; the hot path's durable write (p50/p99);
//     lag from a request's end to its ledger row (p50/p99) at a paced 2,000 events/s.
// (2) Latency of 30-day usage queries over a large ledger (generated with binary COPY, rollups with one INSERT…SELECT).
// (3) Invoice finalization of one tenant with a large month in the ledger (InvoiceFinalization.cs).
// Usage: GatoLink.Bench.Ledger <admin connection string> [end-to-end events] [query events] [invoice rows] (0 skips a phase)
using System.Diagnostics;
using System.Globalization;
using GatoLink.Bench.Ledger;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Hosting;
using GatoLink.Silo.Ledger;
using GatoLink.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Billing;

var admin = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("GATOLINK_BENCH_PG")
    ?? throw new InvalidOperationException("Pass a PostgreSQL connection string (or set GATOLINK_BENCH_PG).");
var pipelineEvents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var queryEvents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5_000_000;
var invoiceRows = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000_000;
const int Requests = 64;
const int PacedRate = 2_000;
var pacedFor = TimeSpan.FromSeconds(20);
var now = DateTimeOffset.UtcNow;
var shape = new EventShape(tenants: 20, keysPerTenant: 10, models: ["demo-8b", "llama-70b", "qwen-32b", "mistral-7b"]);

// 1. The usage path end to end.
if (pipelineEvents > 0)
{
    var database = await BenchDatabase.CreateAsync(admin, "pipeline");
    var data = Directory.CreateTempSubdirectory("gatolink-bench-silo-").FullName;
    var lag = new LagRecorder();
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["urls"] = "http://127.0.0.1:0",
        ["GatoLink:Postgres"] = database,
        ["GatoLink:DataDirectory"] = data,
        ["GatoLink:EmbeddedNodes"] = "0",
        ["GatoLink:DemoTenant"] = "false",
        ["GatoLink:Banner"] = "false",
        ["GatoLink:Orleans:SiloPort"] = "0",
        ["GatoLink:Orleans:GatewayPort"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
    });
    builder.AddGatoLinkSilo();
    builder.Services.AddSingleton<IUsageObserver>(lag);
    await using var app = builder.Build();
    await app.StartAsync();
    var forwarder = app.Services.GetRequiredService<UsageForwarder>();

    // Warm-up: partitions, plans, pools, grain activations.
    await PublishAsync(forwarder, shape, 0, 20_000, Requests, null);
    await forwarder.DrainAsync(CancellationToken.None);

    // 1a. Sustained throughput: 64 request loops, each awaiting its event's durable write, as fast as they go.
    var hot = new List<double>(pipelineEvents);
    var clock = Stopwatch.StartNew();
    await PublishAsync(forwarder, shape, 1_000_000, pipelineEvents, Requests, hot);
    var recorded = clock.Elapsed;
    await forwarder.DrainAsync(CancellationToken.None);
    var elapsed = clock.Elapsed;
    Console.WriteLine(FormattableString.Invariant(
        $"end to end: {pipelineEvents:N0} events recorded by {Requests} concurrent requests in {recorded.TotalSeconds:F2} s, all in the ledger (and out of the spool) after {elapsed.TotalSeconds:F2} s = {pipelineEvents / elapsed.TotalSeconds:N0} events/s"));
    Console.WriteLine(FormattableString.Invariant(
        $"  durable write on the hot path at saturation: p50 {Percentile(hot, 0.50):F3} ms, p99 {Percentile(hot, 0.99):F3} ms"));

    // 1b. Paced: 2,000 requests/s for 20 s; each request's durable write, and its lag to the ledger.
    lag.Start();
    var paced = new List<double>();
    var count = (int)(PacedRate * pacedFor.TotalSeconds);
    // Every 5 ms, the requests due by then (10 at 2,000/s): paced without spinning a core the silo needs.
    var inFlight = new List<Task>(count);
    var start = Stopwatch.GetTimestamp();
    using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
    {
        var sent = 0;
        while (sent < count && await tick.WaitForNextTickAsync())
        {
            var due = Math.Min(count, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * PacedRate));
            for (; sent < due; sent++)
            {
                inFlight.Add(TimedPublishAsync(forwarder, shape.Event(5_000_000 + sent, DateTimeOffset.UtcNow) with { RequestId = $"lag-{sent}" }, paced));
            }
        }
    }

    await Task.WhenAll(inFlight);
    await forwarder.DrainAsync(CancellationToken.None);
    var lags = lag.Stop();
    Console.WriteLine(FormattableString.Invariant(
        $"paced {PacedRate:N0} req/s for {pacedFor.TotalSeconds:F0} s ({count:N0} events, {lags.Count:N0} lags measured): durable write p50 {Percentile(paced, 0.50):F3} ms, p99 {Percentile(paced, 0.99):F3} ms; request end → ledger row p50 {Percentile(lags, 0.50):F0} ms, p99 {Percentile(lags, 0.99):F0} ms"));
    await app.StopAsync();
    Directory.Delete(data, recursive: true);
}

// 2. Query latency over a large ledger in 30 days.
if (queryEvents > 0)
{
    await using var storage = new PostgresStorageProvider(await BenchDatabase.CreateAsync(admin, "query"));
    await storage.MigrateAsync(CancellationToken.None);
    var store = new PostgresLedgerStore(storage.DataSource);
    var firstDay = now.UtcDateTime.Date.AddDays(-29);
    await store.PrepareAsync(firstDay, CancellationToken.None);
    await store.PrepareAsync(now, CancellationToken.None);

    var clock = Stopwatch.StartNew();
    await LedgerCopy.CopyAsync(storage.DataSource, shape, queryEvents, new DateTimeOffset(firstDay, TimeSpan.Zero), TimeSpan.FromDays(30));
    var copied = clock.Elapsed;
    clock.Restart();
    var rollupRows = await LedgerCopy.RollUpAsync(storage.DataSource);
    var rolled = clock.Elapsed;
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

        Console.WriteLine(FormattableString.Invariant(
            $"query 30 days, {label}: {rows.Count} rows, {rows.Sum(r => r.Requests):N0} requests; p50 {Percentile(samples, 0.50):F2} ms, p95 {Percentile(samples, 0.95):F2} ms, max {samples.Max():F2} ms"));
    }
}

// 3. Invoice finalization over a large month.
if (invoiceRows > 0)
{
    await InvoiceFinalization.RunAsync(admin, invoiceRows, rounds: 10);
}

// `requests` loops, each recording its events one after the other and awaiting each durable write (a request does).
static async Task PublishAsync(UsageForwarder forwarder, EventShape shape, int first, int count, int requests, List<double>? latencies)
{
    var per = new List<double>[requests];
    await Task.WhenAll(Enumerable.Range(0, requests).Select(r => Task.Run(async () =>
    {
        var mine = per[r] = [];
        for (var i = r; i < count; i += requests)
        {
            var e = shape.Event(first + i, DateTimeOffset.UtcNow);
            var t = Stopwatch.GetTimestamp();
            await forwarder.PublishAsync(e, CancellationToken.None);
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })));
    latencies?.AddRange(per.SelectMany(p => p));
}

static async Task TimedPublishAsync(UsageForwarder forwarder, GatoLink.Grains.Abstractions.Usage.UsageEvent e, List<double> latencies)
{
    var t = Stopwatch.GetTimestamp();
    await forwarder.PublishAsync(e, CancellationToken.None);
    var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    lock (latencies)
    {
        latencies.Add(ms);
    }
}

static double Percentile(List<double> samples, double p)
{
    if (samples.Count == 0)
    {
        return double.NaN;
    }

    var sorted = samples.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
