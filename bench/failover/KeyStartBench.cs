using System.Diagnostics;
using System.Globalization;
using System.Net;
using GatoLink.Integration.Tests.Cluster;
using GatoLink.NodeSim;

namespace GatoLink.Bench.Failover;

/// <summary>
/// A silo starting against many keys in PostgreSQL, compared with the same silo against few in the same run: for each
/// size a fresh database is migrated and bootstrapped by a first silo (which then leaves), the keys are copied in
/// (<see cref="KeySeeder"/>), and a second silo process is started against it and measured: start time, RSS, the first
/// request of a cold key, cold and warm keys on the warm silo, RSS after keys were used.
/// </summary>
public static class KeyStartBench
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);

    /// <summary>Runs the small size, then the big one; prints both.</summary>
    public static async Task<int> RunAsync(string server, BenchOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var sim = await NodeSimServer.StartAsync(NodeSimOptions.FromProfile("instant"), ct: ct);
        var gc = Environment.GetEnvironmentVariable("DOTNET_gcServer") == "0" ? "workstation GC" : "server GC (as shipped)";
        Console.WriteLine($"== keystart: {options.SmallKeys:N0} keys, then {options.Keys:N0} keys in PostgreSQL; {gc}");
        var results = new List<KeyStartResult>();
        foreach (var keys in new[] { options.SmallKeys, options.Keys })
        {
            results.Add(await MeasureAsync(server, sim.BaseUrl, keys, options, ct));
        }

        Print(results);
        return results.Sum(r => r.Failures) == 0 && results.All(r => r.FirstStatus == 200) ? 0 : 1;
    }

    private static async Task<KeyStartResult> MeasureAsync(string server, Uri node, int keys, BenchOptions options, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(server);
        var seeder = new KeySeeder();
        Guid tenant;
        await using (var bootstrap = await ProcessCluster.StartAsync(database.ConnectionString, [node], 1, ReadyWithin))
        {
            tenant = await bootstrap.CreateTenantAsync(bootstrap.Silos[0], "keys-" + keys.ToString(CultureInfo.InvariantCulture));
            await bootstrap.Silos[0].TerminateAsync(TimeSpan.FromSeconds(60));
        }

        var clock = Stopwatch.StartNew();
        await seeder.SeedAsync(database.ConnectionString, tenant, keys, ct);
        var seedMs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {keys:N0} keys copied in {seedMs / 1000:0.0} s; starting the measured silo"));

        var rowsBefore = await KeySeeder.RowsReadAsync(database.ConnectionString, ct);
        clock.Restart();
        await using var cluster = await ProcessCluster.StartAsync(database.ConnectionString, [node], 1, ReadyWithin);
        var startMs = clock.Elapsed.TotalMilliseconds;
        var silo = cluster.Silos[0];
        var startCpuMs = SiloProbe.CpuTime(silo.Pid).TotalMilliseconds;
        var rssStart = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);
        var rowsAtStart = await KeySeeder.RowsReadAsync(database.ConnectionString, ct) - rowsBefore;
        using var http = new HttpClient { BaseAddress = silo.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        // Key indexes: even keys are limited, odd ones not; 2j and 2j+1 are the j-th of each kind.
        var next = 0;
        var failures = 0;
        async Task<(double Ms, HttpStatusCode Status)> TimedAsync(int index)
        {
            var watch = Stopwatch.StartNew();
            var status = await SiloProbe.ChatAsync(http, seeder.SecretOf(index), ct);
            if (status != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }

            return (watch.Elapsed.TotalMilliseconds, status);
        }

        var first = await TimedAsync(2 * next++);
        // Warm the request path with a few keys of each kind before timing cold keys one by one.
        for (var i = 0; i < 3; i++, next++)
        {
            await TimedAsync(2 * next);
            await TimedAsync(2 * next + 1);
        }

        var coldLimited = new List<double>();
        var coldUnlimited = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < options.Cold; i++, next++)
        {
            coldLimited.Add((await TimedAsync(2 * next)).Ms);
            coldUnlimited.Add((await TimedAsync(2 * next + 1)).Ms);
            warm.Add((await TimedAsync(0)).Ms);
        }

        var rssWarm = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);
        await HeapDumps.CollectAsync(silo.Pid, $"keys-{keys}-1-warm", ct);
        var used = Math.Min(options.Used, keys / 2 - next);
        var from = next;
        // The control: as many requests with the one warm key, so that what the requests' garbage makes the GC keep is
        // not counted as the keys' (the steps below are measured from here).
        await SiloProbe.ForEachAsync(used, options.Concurrency, async _ => await TimedAsync(0), ct);
        var rssControl = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);
        await SiloProbe.ForEachAsync(used, options.Concurrency, async i => await TimedAsync(2 * (from + i)), ct);
        var rssLimited = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);
        await HeapDumps.CollectAsync(silo.Pid, $"keys-{keys}-2-limited", ct);
        await SiloProbe.ForEachAsync(used, options.Concurrency, async i => await TimedAsync(2 * (from + i) + 1), ct);
        var rssUnlimited = await SiloProbe.SettledRssAsync(silo, ct, options.QuietSeconds);
        // ApiKeyGrain logs its activation (SiloProcess.ClusterEnvironment enables it): a key without limits must have none.
        var activations = silo.LinesContaining("activated").Count(l => l.Contains("Key grain", StringComparison.Ordinal));
        await HeapDumps.CollectAsync(silo.Pid, $"keys-{keys}-3-unlimited", ct);
        return new KeyStartResult(keys, seedMs, startMs, startCpuMs, rowsAtStart, rssStart, first.Ms, (int)first.Status, coldLimited, coldUnlimited, warm, rssWarm, used, rssControl, rssLimited, rssUnlimited, activations, next + used, next - 1 + used, failures);
    }

    private static void Print(IReadOnlyList<KeyStartResult> results)
    {
        string Row(string label, Func<KeyStartResult, string> cell) =>
            $"   {label,-44}" + string.Concat(results.Select(r => $"{cell(r),22}"));
        static string Ms(IReadOnlyList<double> values) =>
            string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Of([.. values], 50):0.0} / {values.Max():0.0} ms");
        static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{SiloProbe.Mb(bytes):0.0} MB");
        static string PerKey(long bytes, int keys) => string.Create(CultureInfo.InvariantCulture, $"{(double)bytes / Math.Max(1, keys):0} B/key");

        Console.WriteLine(Row("keys in PostgreSQL", r => r.Keys.ToString("N0", CultureInfo.InvariantCulture)));
        Console.WriteLine(Row("seed (COPY + ANALYZE)", r => string.Create(CultureInfo.InvariantCulture, $"{r.SeedMs / 1000:0.0} s")));
        Console.WriteLine(Row("start: process start -> /readyz 200", r => string.Create(CultureInfo.InvariantCulture, $"{r.StartMs / 1000:0.00} s")));
        Console.WriteLine(Row("  CPU time used by then", r => string.Create(CultureInfo.InvariantCulture, $"{r.StartCpuMs / 1000:0.00} s")));
        Console.WriteLine(Row("  rows of api_keys read by the start", r => r.RowsReadAtStart.ToString("N0", CultureInfo.InvariantCulture)));
        Console.WriteLine(Row("RSS after start", r => Mb(r.RssStart)));
        Console.WriteLine(Row("first request (cold limited key)", r => string.Create(CultureInfo.InvariantCulture, $"{r.FirstMs:0.0} ms ({r.FirstStatus})")));
        Console.WriteLine(Row("cold limited key, warm silo p50 / max", r => Ms(r.ColdLimitedMs)));
        Console.WriteLine(Row("cold unlimited key, warm silo p50 / max", r => Ms(r.ColdUnlimitedMs)));
        Console.WriteLine(Row("warm key p50 / max", r => Ms(r.WarmMs)));
        Console.WriteLine(Row("RSS after those (warm)", r => Mb(r.RssWarm)));
        Console.WriteLine(Row("N: requests (control), keys of each kind", r => r.UsedPerKind.ToString("N0", CultureInfo.InvariantCulture)));
        Console.WriteLine(Row("RSS after N requests of the warm key", r => Mb(r.RssControl)));
        Console.WriteLine(Row("  growth per request (garbage kept, control)", r => PerKey(r.RssControl - r.RssWarm, r.UsedPerKind)));
        Console.WriteLine(Row("RSS after N limited keys used once", r => Mb(r.RssLimited)));
        Console.WriteLine(Row("  per active limited key (grain)", r => PerKey(r.RssLimited - r.RssControl, r.UsedPerKind)));
        Console.WriteLine(Row("RSS after N unlimited keys used once too", r => Mb(r.RssUnlimited)));
        Console.WriteLine(Row("  per active unlimited key (no grain)", r => PerKey(r.RssUnlimited - r.RssLimited, r.UsedPerKind)));
        Console.WriteLine(Row("key grains activated / limited, unlimited keys used", r => $"{r.GrainActivations} / {r.LimitedKeysUsed}, {r.UnlimitedKeysUsed}"));
        Console.WriteLine(Row("requests not answered 200", r => r.Failures.ToString(CultureInfo.InvariantCulture)));
    }
}
