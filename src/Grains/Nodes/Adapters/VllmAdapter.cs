using System.Globalization;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Grains.Nodes.Adapters;

/// <summary>vLLM's <c>/metrics</c>: queue, running batch, KV-cache use, cache size and prefix-cache counters.</summary>
public sealed class VllmAdapter : IEngineAdapter
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Vllm;

    /// <inheritdoc />
    public async Task<NodeLoadSample?> ScrapeAsync(HttpClient http, GpuNodeRecord node, CancellationToken ct)
    {
        var text = await http.GetStringAsync(new Uri(node.BaseUrl, "metrics"), ct);
        return Parse(text);
    }

    /// <summary>Reads a <c>/metrics</c> exposition.</summary>
    public static NodeLoadSample Parse(string metrics)
    {
        var m = PrometheusText.Parse(metrics);
        var waiting = m.Sum("vllm:num_requests_waiting");
        var running = m.Sum("vllm:num_requests_running");
        if (waiting is null && running is null)
        {
            throw new FormatException("No vllm:num_requests_* metrics in the exposition.");
        }

        // kv_cache_usage_perc replaced gpu_cache_usage_perc (vLLM V1); both are 0..1 despite the name.
        var kv = Average(m, "vllm:kv_cache_usage_perc") ?? Average(m, "vllm:gpu_cache_usage_perc");
        long? capacity = null;
        foreach (var info in m.Get("vllm:cache_config_info"))
        {
            if (info.Labels.TryGetValue("num_gpu_blocks", out var blocks) && info.Labels.TryGetValue("block_size", out var size) &&
                long.TryParse(blocks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) &&
                long.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
            {
                capacity = b * s;
            }
        }

        var queries = m.SumFirst("vllm:prefix_cache_queries_total", "vllm:prefix_cache_queries");
        var hits = m.SumFirst("vllm:prefix_cache_hits_total", "vllm:prefix_cache_hits");
        return new NodeLoadSample(waiting, running, kv, capacity, queries, hits);
    }

    private static double? Average(PrometheusText m, string name)
    {
        var samples = m.Get(name);
        if (samples.Count == 0)
        {
            return null;
        }

        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample.Value;
        }

        return sum / samples.Count;
    }
}
