using System.Diagnostics;
using System.Globalization;
using GatoLink.Bench.Fairness;
using GatoLink.Bench.Routing;

// Fairness benchmark: a NodeSim fleet at ~200% of its capacity, tenants A (weight 3) and B (weight 1) flooding with batch
// requests and C sending a light interactive stream, through two silos on the same fleet, one per queue order (fair and
// FIFO), in alternating rounds. See run.sh and README.md.
var options = FairnessOptions.Parse(args);
var root = BenchOptions.RepoRoot();
var nodeSimDll = Path.Combine(root, "src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll");
var siloDll = Path.Combine(root, "src/Silo/bin/Release/net10.0/GatoLink.Silo.dll");
const string Model = "bench-8b";
NodeSpec[] specs = [new("h100-8b", 8, 2000, 90, 0.1, 12), new("h100-8b", 8, 2000, 90, 0.1, 12)];
var clock = Stopwatch.StartNew();

Console.Error.WriteLine($"Starting {specs.Length} NodeSim nodes (time scale {options.TimeScale}) and two silos (fair, fifo)…");
await using var fleet = await Fleet.StartAsync(nodeSimDll, specs, options.TimeScale, Model);
var silos = new Dictionary<string, BenchSilo>();
var keys = new Dictionary<string, (string A, string B, string C)>();
string[] orders = ["fair", "fifo"];
var started = await Task.WhenAll(orders.Select(order => BenchSilo.StartAsync(siloDll, Model, fleet, specs, new Dictionary<string, string>
{
    ["GatoLink__Placement__MaxQueueLength"] = "200",
}
.Concat(options.SiloSettings)
.Append(new("GatoLink__Placement__QueueOrder", order == "fair" ? "Fair" : "Fifo"))
.GroupBy(p => p.Key)
.ToDictionary(g => g.Key, g => g.Last().Value))));
for (var i = 0; i < orders.Length; i++)
{
    var silo = started[i];
    silos[orders[i]] = silo;
    keys[orders[i]] = (
        await silo.TenantKeyAsync(new { name = "A", weight = 3 }, new { name = "a-batch", priority = "batch" }),
        await silo.TenantKeyAsync(new { name = "B", weight = 1 }, new { name = "b-batch", priority = "batch" }),
        await silo.TenantKeyAsync(new { name = "C" }, new { name = "c-chat" }));
}

var capacity = specs.Sum(s => s.Capacity(Traffic.BatchPrompt, Traffic.BatchPrompt, Traffic.BatchOutput));
var batchRate = capacity * options.Load / 100.0 / 2 * options.TimeScale;
var chatRate = options.InteractiveRate * options.TimeScale;
Console.Error.WriteLine($"Fleet capacity ≈ {capacity:0.0} batch requests/s (sim); A and B send {batchRate / options.TimeScale:0.0}/s each, C {options.InteractiveRate:0.0}/s.");
var round = 0;

// Rounds of one pair share a seed: the same arrivals and lengths under both orders (the salt still differs).
async Task<RoundReport> RoundAsync(string name, string order, double seconds, bool flood, int seed)
{
    round++;
    var (a, b, c) = keys[order];
    var silo = silos[order];
    await fleet.WaitIdleAsync(TimeSpan.FromSeconds(20));
    using var ra = new LoadRunner(silo.Url, a);
    using var rb = new LoadRunner(silo.Url, b);
    using var rc = new LoadRunner(silo.Url, c);
    var grace = TimeSpan.FromSeconds(0.5);
    var none = Task.FromResult<(IReadOnlyList<RequestResult> Results, double Makespan)>(([], 0));
    var ta = flood ? ra.RunAsync(Traffic.Build(Model, true, batchRate, seconds, (seed * 10) + 1, $"r{round}a"), grace) : none;
    var tb = flood ? rb.RunAsync(Traffic.Build(Model, true, batchRate, seconds, (seed * 10) + 2, $"r{round}b"), grace) : none;
    var tc = rc.RunAsync(Traffic.Build(Model, false, chatRate, seconds, (seed * 10) + 3, $"r{round}c"), grace);
    await Task.WhenAll(ta, tb, tc);
    var report = RoundReport.From(name, (await ta).Results, (await tb).Results, (await tc).Results, seconds * 0.25, options.TimeScale);
    Console.Error.WriteLine($"  [{clock.Elapsed.TotalSeconds:0}s] round {round}: {report}");
    var slowest = (await tc).Results.OrderByDescending(r => r.Ttft).Take(3).Select(r => $"{r.Ttft * options.TimeScale:0.000}s (ended at {r.Done:0.0}s, {r.Status})");
    Console.Error.WriteLine($"      C's slowest: {string.Join(", ", slowest)}");
    return report;
}

await RoundAsync("warmup", "fair", options.WarmupSeconds, flood: true, seed: 1);
await RoundAsync("warmup", "fifo", options.WarmupSeconds, flood: true, seed: 2);
var alone = await RoundAsync("alone", "fair", options.AloneSeconds, flood: false, seed: 3);
var fair = new List<RoundReport>();
var fifo = new List<RoundReport>();
for (var i = 0; i < options.Pairs; i++)
{
    // Alternate which goes first, so a drift of the shared machine does not favour one order.
    foreach (var order in i % 2 == 0 ? new[] { "fair", "fifo" } : ["fifo", "fair"])
    {
        (order == "fair" ? fair : fifo).Add(await RoundAsync(order, order, options.RoundSeconds, flood: true, seed: 10 + i));
    }
}

foreach (var silo in silos.Values)
{
    await silo.DisposeAsync();
}

static string Split(IEnumerable<RoundReport> rounds) =>
    string.Create(CultureInfo.InvariantCulture, $"{rounds.Average(r => r.AShare) * 100:0.0}/{(1 - rounds.Average(r => r.AShare)) * 100:0.0}");

var fairShare = fair.Average(r => r.AShare) * 100;
var fairP99 = fair.Max(r => r.TtftP99);
Console.WriteLine($"Fairness bench — 2×h100-8b NodeSim (8 slots each), time scale {options.TimeScale}, A+B at {options.Load}% of capacity, {options.Pairs} fair/FIFO round pair(s) of {options.RoundSeconds:0}s. Latencies in simulated seconds.");
Console.WriteLine(alone.ToString());
foreach (var r in fair.Concat(fifo))
{
    Console.WriteLine(r.ToString());
}

Console.WriteLine($"target: fair A/B split {Split(fair)} (want 75/25 ± 5) — {(Math.Abs(fairShare - 75) <= 5 ? "met" : "MISSED")}; FIFO {Split(fifo)}");
Console.WriteLine($"target: C TTFT p99 fair {fairP99:0.000}s vs alone {alone.TtftP99:0.000}s = {fairP99 / alone.TtftP99:0.00}× (want ≤ 2×) — {(fairP99 <= 2 * alone.TtftP99 ? "met" : "MISSED")}; FIFO {fifo.Max(r => r.TtftP99):0.000}s = {fifo.Max(r => r.TtftP99) / alone.TtftP99:0.00}×");
Console.WriteLine($"target: batch never starves — B completed {string.Join(", ", fair.Select(r => r.BDone))} per fair round, longest gap {fair.Max(r => r.BLongestGap):0.0}s — {(fair.All(r => r.BDone > 0) ? "met" : "MISSED")}");
Console.WriteLine($"A/B split fair {Split(fair)}, FIFO {Split(fifo)}");
