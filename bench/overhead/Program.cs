using System.Net;
using GatoLink.Bench.Overhead;

// bench/overhead first-byte client (run.sh MODE=ttfb and MODE=longctx start the node, nginx and silos and call it):
//   --target direct,http://127.0.0.1:P,none --target nginx,… --target gatolink,http://127.0.0.1:S,KEY …
//   [--concurrency 1] [--requests 1000] [--block N] [--prompt-bytes 0|1024,51200,204800] [--warmup-max-s 60]
// HttpClient, not wrk: wrk's Lua hooks see a response only once it is complete, so they cannot time a first byte.
var options = FirstByteOptions.Parse(args);
using var handler = new SocketsHttpHandler
{
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
    MaxConnectionsPerServer = options.Concurrency,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
};
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var bench = new FirstByteBench(options, new FirstByteProbe(client), new ChatBodies(options.Model));
return await bench.RunAsync(bound.Token);
