using GatoLink.Bench.Failover;

// bench/failover: what a SIGKILLed silo costs a three-silo cluster, what an active key costs a silo, and a silo's start
// against a million keys.
//   failover  [--runs 3] [--keys 24] [--pause-ms 150] [--steady-s 5]
//   keymemory [--keys 4000] [--concurrency 8]
//   keystart  [--keys 1000000] [--small 1000] [--used 5000] [--cold 20] [--concurrency 8] [--quiet-s 2]
// GATOLINK_BENCH_PG: a PostgreSQL where the user may CREATE DATABASE (run.sh starts a throwaway one).
var options = BenchOptions.Parse(args);
var server = Environment.GetEnvironmentVariable("GATOLINK_BENCH_PG")
    ?? throw new InvalidOperationException("Set GATOLINK_BENCH_PG to a PostgreSQL connection string whose user may CREATE DATABASE (bench/failover/run.sh does).");
using var bound = new CancellationTokenSource(options.Mode == "failover" ? TimeSpan.FromMinutes(2 * options.Runs + 1) : TimeSpan.FromMinutes(10));
return options.Mode switch
{
    "failover" => await FailoverBench.RunAsync(server, options, bound.Token),
    "keymemory" => await KeyMemoryBench.RunAsync(server, options, bound.Token),
    "keystart" => await KeyStartBench.RunAsync(server, options, bound.Token),
    _ => throw new ArgumentException($"Unknown mode {options.Mode}: failover, keymemory or keystart."),
};
