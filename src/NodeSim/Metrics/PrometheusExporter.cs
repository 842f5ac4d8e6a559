using System.Globalization;
using System.Text;

namespace GatoLink.NodeSim;

/// <summary>Renders the engine's state in Prometheus text format (0.0.4) with vLLM's metric names.</summary>
internal static class PrometheusExporter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(NodeSimEngine engine)
    {
        var options = engine.Options;
        var label = $"model_name=\"{Escape(options.Models[0])}\"";
        var (total, used) = engine.KvBlocks();
        var usage = (double)used / total;
        var sb = new StringBuilder(4096);

        Gauge(sb, "vllm:num_requests_running", "Number of requests in model execution batches.", label, engine.Running);
        Gauge(sb, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", label, engine.Waiting);
        Gauge(sb, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", label, usage);
        Gauge(sb, "vllm:gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage (deprecated name).", label, usage);
        Counter(sb, "vllm:prefix_cache_queries_total", "Prefix cache queries, in terms of number of queried tokens.", label, engine.PrefixCacheQueries);
        Counter(sb, "vllm:prefix_cache_hits_total", "Prefix cache hits, in terms of number of cached tokens.", label, engine.PrefixCacheHits);
        Counter(sb, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", label, engine.PromptTokensTotal);
        Counter(sb, "nodesim:busy_seconds_total", "Seconds with at least one sequence running (the simulator's own, not vLLM's).", label, engine.BusyTime.TotalSeconds);
        Counter(sb, "vllm:generation_tokens_total", "Number of generation tokens processed.", label, engine.GenerationTokensTotal);

        sb.Append("# HELP vllm:request_success_total Count of successfully processed requests.\n");
        sb.Append("# TYPE vllm:request_success_total counter\n");
        Sample(sb, "vllm:request_success_total", $"{label},finished_reason=\"stop\"", engine.FinishedStop);
        Sample(sb, "vllm:request_success_total", $"{label},finished_reason=\"length\"", engine.FinishedLength);
        Sample(sb, "vllm:request_success_total", $"{label},finished_reason=\"abort\"", engine.RequestsCancelled);

        sb.Append("# HELP vllm:cache_config_info Information of the LLMEngine CacheConfig\n");
        sb.Append("# TYPE vllm:cache_config_info gauge\n");
        Sample(sb, "vllm:cache_config_info",
            $"block_size=\"{options.BlockSize}\",enable_prefix_caching=\"True\",num_gpu_blocks=\"{options.NumGpuBlocks}\",num_cpu_blocks=\"0\"", 1);

        Histogram(sb, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", label, engine.TimeToFirstToken);
        Histogram(sb, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", label, engine.E2eLatency);
        return sb.ToString();
    }

    private static void Gauge(StringBuilder sb, string name, string help, string labels, double value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" gauge\n");
        Sample(sb, name, labels, value);
    }

    private static void Counter(StringBuilder sb, string name, string help, string labels, double value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" counter\n");
        Sample(sb, name, labels, value);
    }

    private static void Histogram(StringBuilder sb, string name, string help, string labels, Histogram histogram)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" histogram\n");
        var (cumulative, sum, count) = histogram.Snapshot();
        for (var i = 0; i < cumulative.Length; i++)
        {
            Sample(sb, name + "_bucket", $"{labels},le=\"{Format(histogram.UpperBounds[i])}\"", cumulative[i]);
        }

        Sample(sb, name + "_bucket", $"{labels},le=\"+Inf\"", count);
        Sample(sb, name + "_sum", labels, sum);
        Sample(sb, name + "_count", labels, count);
    }

    private static void Sample(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append('{').Append(labels).Append("} ").Append(Format(value)).Append('\n');

    private static string Format(double value) => value.ToString("0.0###############", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
