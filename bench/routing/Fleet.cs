using System.Globalization;
using System.Text.RegularExpressions;

namespace GatoLink.Bench.Routing;

/// <summary>The NodeSim processes of the bench and their prefix-cache and load counters.</summary>
public sealed partial class Fleet : IAsyncDisposable
{
    private readonly List<ChildProcess> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public IReadOnlyList<Uri> Urls => _nodes.Select(n => n.Url).ToList();

    public static async Task<Fleet> StartAsync(string nodeSimDll, IReadOnlyList<NodeSpec> specs, double timeScale, string model)
    {
        var fleet = new Fleet();
        for (var i = 0; i < specs.Count; i++)
        {
            var s = specs[i];
            var port = ChildProcess.FreePort();
            string[] args =
            [
                "--profile", s.Profile, "--port", port.ToString(CultureInfo.InvariantCulture), "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture),
                "--max-num-seqs", s.MaxNumSeqs.ToString(CultureInfo.InvariantCulture), "--num-gpu-blocks", s.GpuBlocks.ToString(CultureInfo.InvariantCulture),
                "--model", model, "--seed", (100 + i).ToString(CultureInfo.InvariantCulture),
            ];
            fleet._nodes.Add(await ChildProcess.StartAsync(nodeSimDll, args, port, "health", new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, CancellationToken.None));
        }

        return fleet;
    }

    /// <summary>Summed prefix-cache (hits, queries) in tokens, and requests running + waiting, over the fleet.</summary>
    public async Task<(double Hits, double Queries, double Busy)> CountersAsync()
    {
        double hits = 0, queries = 0, busy = 0;
        foreach (var url in Urls)
        {
            var text = await _http.GetStringAsync(new Uri(url, "metrics"));
            hits += Value(text, "vllm:prefix_cache_hits_total");
            queries += Value(text, "vllm:prefix_cache_queries_total");
            busy += Value(text, "vllm:num_requests_running") + Value(text, "vllm:num_requests_waiting");
        }

        return (hits, queries, busy);
    }

    /// <summary>Waits until no node runs or queues anything (at most <paramref name="limit"/>).</summary>
    public async Task WaitIdleAsync(TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until && (await CountersAsync()).Busy > 0)
        {
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _http.Dispose();
    }

    private static double Value(string metrics, string name)
    {
        var m = Regex.Match(metrics, "^" + Regex.Escape(name) + @"(\{[^}]*\})?\s+(\S+)", RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }
}
