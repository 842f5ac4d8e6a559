using GatoLink.Bench.GrainCalls;

var options = BenchOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var cluster = await BenchCluster.StartAsync(stop.Token);
var targets = options.MemoryOnly ? null : await CallBench.PlaceAsync(cluster, stop.Token);

// Heap first, while the process is fresh: the call rows leave pools and caches grown that a later heap step would
// count (or see shrink).
if (options.Activations > 0)
{
    await MemoryBench.RunAsync(cluster, options, stop.Token);
}

if (targets is not null)
{
    await CallBench.RunAsync(cluster, targets, options, stop.Token);
}
