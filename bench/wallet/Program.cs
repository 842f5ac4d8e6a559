using System.Diagnostics;
using System.Globalization;
using GatoLink.Bench.Failover;
using GatoLink.Bench.GrainCalls;
using GatoLink.Bench.Wallet;
using GatoLink.Grains.Abstractions.Quotas;

// Closed loop, one caller on silo 0, as the silo's admission controller calls the key grain: Admit, then Settle.
// Rounds alternate the rows so that drift on the shared machine lands on every row alike.
var options = BenchOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var cluster = await BenchCluster.StartAsync(stop.Token);
var keys = new Dictionary<Scenario, Guid>();
foreach (var scenario in Scenario.All)
{
    keys[scenario] = await Targets.PlaceAsync(cluster, scenario, stop.Token);
}

var admits = Scenario.All.ToDictionary(s => s, _ => new List<double>());
var settles = Scenario.All.ToDictionary(s => s, _ => new List<double>());
var caller = cluster.FactoryOf(0);
Console.WriteLine($"== Admit + Settle from silo 0, 1 caller; {options.Rounds} round(s) of {options.Seconds:0.#} s per row after {options.WarmupSeconds:0.#} s warm-up");
Console.WriteLine("   round  row                        admits/s   admit p50 µs  admit p99 µs  settle p50 µs");
for (var round = 1; round <= options.Rounds; round++)
{
    var order = round % 2 == 1 ? Scenario.All : Scenario.All.Reverse().ToList();
    foreach (var scenario in order)
    {
        var grain = caller.GetGrain<IApiKeyGrain>(keys[scenario]);
        await LoopAsync(grain, scenario, TimeSpan.FromSeconds(options.WarmupSeconds), null, null, stop.Token);
        var admit = new List<double>(1 << 16);
        var settle = new List<double>(1 << 16);
        var elapsed = await LoopAsync(grain, scenario, TimeSpan.FromSeconds(options.Seconds), admit, settle, stop.Token);
        admits[scenario].AddRange(admit);
        settles[scenario].AddRange(settle);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {round,5}  {scenario.Name,-24} {admit.Count / elapsed.TotalSeconds,10:0} {Percentiles.Of(admit, 50),14:0.0} {Percentiles.Of(admit, 99),13:0.0} {Percentiles.Of(settle, 50),14:0.0}"));
    }
}

Console.WriteLine("== all rounds");
Console.WriteLine("   row                        calls  admit p50 µs  admit p99 µs  admit p999 µs  settle p50 µs  settle p99 µs");
foreach (var scenario in Scenario.All)
{
    var a = admits[scenario];
    var s = settles[scenario];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"   {scenario.Name,-24} {a.Count,7} {Percentiles.Of(a, 50),13:0.0} {Percentiles.Of(a, 99),13:0.0} {Percentiles.Of(a, 99.9),14:0.0} {Percentiles.Of(s, 50),14:0.0} {Percentiles.Of(s, 99),14:0.0}"));
}

static async Task<TimeSpan> LoopAsync(IApiKeyGrain grain, Scenario scenario, TimeSpan duration, List<double>? admit, List<double>? settle, CancellationToken ct)
{
    var started = Stopwatch.GetTimestamp();
    var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
    {
        var (admitTicks, settleTicks) = await Targets.AdmitSettleAsync(grain, scenario, ct);
        admit?.Add(admitTicks * 1_000_000.0 / Stopwatch.Frequency);
        settle?.Add(settleTicks * 1_000_000.0 / Stopwatch.Frequency);
    }

    return Stopwatch.GetElapsedTime(started);
}
