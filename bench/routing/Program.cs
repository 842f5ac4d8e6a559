using System.Net.Http.Json;
using GatoLink.Bench.Routing;

// Routing benchmark: a NodeSim fleet, one silo, three strategies, three workloads. See run.sh.
var options = BenchOptions.Parse(args);
var root = BenchOptions.RepoRoot();
var nodeSimDll = Path.Combine(root, "src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll");
// ROUTING_SILO_DLL: another build of the silo (e.g. the previous one), to compare builds in one session.
var siloDll = Environment.GetEnvironmentVariable("ROUTING_SILO_DLL") is { Length: > 0 } other ? other : Path.Combine(root, "src/Silo/bin/Release/net10.0/GatoLink.Silo.dll");
const string Model = "bench-8b";
var specs = NodeSpec.DefaultFleet;

Console.Error.WriteLine($"Starting {specs.Count} NodeSim nodes (time scale {options.TimeScale}) and a silo…");
await using var fleet = await Fleet.StartAsync(nodeSimDll, specs, options.TimeScale, Model);
await using var silo = await BenchSilo.StartAsync(siloDll, Model, fleet, specs, options.SiloSettings);
var admin = silo.Admin;
var secret = await silo.TenantKeyAsync(new { name = "bench" }, new { name = "bench" });
using var runner = new LoadRunner(silo.Url, secret);
var workloads = new Workloads(Model);
var rows = new List<RunSummary>();
var run = 0;

foreach (var workload in options.Workloads)
{
    var shape = Workloads.Shape(workload);
    var capacity = specs.Sum(s => s.Capacity(shape.Uncached, shape.Prompt, shape.Output));
    foreach (var load in workload == WorkloadKind.Bursty ? options.BurstyLoads : options.Loads)
    {
        var simRate = capacity * load / 100.0;
        var seed = (((int)workload + 1) * 1000) + load;
        foreach (var strategy in options.Strategies)
        {
            run++;
            using (var set = await admin.PostAsJsonAsync("admin/models", new { name = Model, strategy = strategy.ApiName() }))
            {
                set.EnsureSuccessStatusCode();
            }

            var requests = workloads.Build(workload, simRate * options.TimeScale, options.Duration, seed, $"r{run}");
            await fleet.WaitIdleAsync(TimeSpan.FromSeconds(30));
            var before = await fleet.CountersAsync();
            var (results, makespan) = await runner.RunAsync(requests, options.Grace);
            var after = await fleet.CountersAsync();
            var metrics = await admin.GetStringAsync("metrics");
            var queued = System.Text.RegularExpressions.Regex.Matches(metrics, @"^gatolink_queue_tenant_wait_seconds_(count|sum)\{[^}]*\}\s+(\S+)", System.Text.RegularExpressions.RegexOptions.Multiline)
                .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Sum(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
            Console.Error.WriteLine($"  silo queue so far: {queued.GetValueOrDefault("count"):0} requests waited, {queued.GetValueOrDefault("sum"):0.0} s in all");
            var queries = after.Queries - before.Queries;
            var row = RunSummary.From(workload, load, strategy, results, makespan, options.TimeScale, queries > 0 ? (after.Hits - before.Hits) / queries : double.NaN);
            rows.Add(row);
            Console.Error.WriteLine($"  {workload} {load}% {strategy.ApiName()}: {results.Count} requests at {simRate:0.0}/s (sim), fleet capacity {capacity:0.0}/s → p99 TTFT {row.TtftP99:0.000}s");
        }
    }
}

Table.Print(rows, options);
