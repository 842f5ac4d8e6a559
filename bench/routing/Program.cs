using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Bench.Routing;

// Routing benchmark: a NodeSim fleet, one silo, three strategies, three workloads. See run.sh.
var options = BenchOptions.Parse(args);
var root = BenchOptions.RepoRoot();
var nodeSimDll = Path.Combine(root, "src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll");
var siloDll = Path.Combine(root, "src/Silo/bin/Release/net10.0/GatoLink.Silo.dll");
const string Model = "bench-8b";
var specs = NodeSpec.DefaultFleet;

Console.Error.WriteLine($"Starting {specs.Count} NodeSim nodes (time scale {options.TimeScale}) and a silo…");
await using var fleet = await Fleet.StartAsync(nodeSimDll, specs, options.TimeScale, Model);
var adminKey = "gl-bench-admin-" + Guid.NewGuid().ToString("N");
var siloPort = ChildProcess.FreePort();
var env = new Dictionary<string, string>
{
    ["GatoLink__Listen"] = $"http://127.0.0.1:{siloPort}",
    ["GatoLink__DataDirectory"] = Directory.CreateTempSubdirectory("gatolink-bench-").FullName,
    ["GatoLink__AdminKey"] = adminKey,
    ["GatoLink__EmbeddedNodes"] = "0",
    ["GatoLink__DemoTenant"] = "false",
    ["GatoLink__Banner"] = "false",
    ["GatoLink__Models__0__Name"] = Model,
    // Baselines must not be rescued by failover from their own queues: the first token may take long.
    ["GatoLink__Gateway__FirstTokenTimeout"] = "00:10:00",
    ["Logging__LogLevel__Default"] = "Warning",
};
foreach (var (name, value) in options.SiloSettings)
{
    env[name] = value;
}

for (var i = 0; i < fleet.Urls.Count; i++)
{
    env[$"GatoLink__Nodes__{i}__Id"] = $"{specs[i].Profile}-{i}";
    env[$"GatoLink__Nodes__{i}__BaseUrl"] = fleet.Urls[i].ToString();
    env[$"GatoLink__Nodes__{i}__Models__0"] = Model;
}

await using var silo = await ChildProcess.StartAsync(siloDll, [], siloPort, "healthz", env, CancellationToken.None);
using var admin = new HttpClient { BaseAddress = silo.Url };
admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminKey);
var tenant = await (await admin.PostAsJsonAsync("admin/tenants", new { name = "bench" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
var key = await (await admin.PostAsJsonAsync($"admin/tenants/{tenant!["id"]}/keys", new { name = "bench" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
using var runner = new LoadRunner(silo.Url, (string)key!["key"]!);
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
            var queries = after.Queries - before.Queries;
            var row = RunSummary.From(workload, load, strategy, results, makespan, options.TimeScale, queries > 0 ? (after.Hits - before.Hits) / queries : double.NaN);
            rows.Add(row);
            Console.Error.WriteLine($"  {workload} {load}% {strategy.ApiName()}: {results.Count} requests at {simRate:0.0}/s (sim), fleet capacity {capacity:0.0}/s → p99 TTFT {row.TtftP99:0.000}s");
        }
    }
}

Table.Print(rows, options);
