using GatoLink.Bench.GrainCalls;

var options = BenchOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var cluster = await BenchCluster.StartAsync(stop.Token);
if (!options.MemoryOnly)
{
    await CallBench.RunAsync(cluster, options, stop.Token);
}

if (options.Activations > 0)
{
    await MemoryBench.RunAsync(cluster, options, stop.Token);
}
