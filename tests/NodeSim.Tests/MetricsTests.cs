using System.Globalization;
using System.Text.RegularExpressions;

namespace GatoLink.NodeSim.Tests;

public sealed partial class MetricsTests
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eEInfa]+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""^# (HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.+)$""")]
    private static partial Regex CommentLine();

    [Fact]
    public async Task MetricsTextParsesAndCarriesVllmNamesWithCounters()
    {
        var options = TestOptions.Instant(o => o.NumGpuBlocks = 5000);
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        for (var i = 0; i < 3; i++)
        {
            using var r = await client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"metrics please","max_tokens":4}"""));
            r.EnsureSuccessStatusCode();
        }

        using var response = await client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        var types = new Dictionary<string, string>();
        var samples = new Dictionary<string, double>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                var c = CommentLine().Match(line);
                Assert.True(c.Success, line);
                if (line.StartsWith("# TYPE", StringComparison.Ordinal))
                {
                    types[c.Groups["name"].Value] = c.Groups["rest"].Value;
                }

                continue;
            }

            var m = SampleLine().Match(line);
            Assert.True(m.Success, line);
            var family = m.Groups["name"].Value;
            family = types.ContainsKey(family) ? family : Regex.Replace(family, "_(bucket|sum|count)$", string.Empty);
            Assert.True(types.ContainsKey(family), $"sample without # TYPE: {line}");
            samples[$"{m.Groups["name"].Value}{{{m.Groups["labels"].Value}}}"] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        Assert.Equal("gauge", types["vllm:num_requests_running"]);
        Assert.Equal("gauge", types["vllm:num_requests_waiting"]);
        Assert.Equal("gauge", types["vllm:kv_cache_usage_perc"]);
        Assert.Equal("gauge", types["vllm:gpu_cache_usage_perc"]);
        Assert.Equal("counter", types["vllm:prefix_cache_hits_total"]);
        Assert.Equal("counter", types["vllm:prefix_cache_queries_total"]);
        Assert.Equal("counter", types["vllm:prompt_tokens_total"]);
        Assert.Equal("counter", types["vllm:generation_tokens_total"]);
        Assert.Equal("counter", types["vllm:request_success_total"]);
        Assert.Equal("histogram", types["vllm:time_to_first_token_seconds"]);
        Assert.Equal("histogram", types["vllm:e2e_request_latency_seconds"]);

        const string label = "model_name=\"demo-8b\"";
        var prompt = SimTokenizer.CountTokens("metrics please");
        Assert.Equal(3 * prompt, samples[$"vllm:prompt_tokens_total{{{label}}}"]);
        Assert.Equal(3 * prompt, samples[$"vllm:prefix_cache_queries_total{{{label}}}"]);
        Assert.Equal(12, samples[$"vllm:generation_tokens_total{{{label}}}"]);
        Assert.Equal(3, samples[$"vllm:request_success_total{{{label},finished_reason=\"length\"}}"]);
        Assert.Equal(3, samples[$"vllm:time_to_first_token_seconds_count{{{label}}}"]);
        Assert.Equal(3, samples[$"vllm:time_to_first_token_seconds_bucket{{{label},le=\"+Inf\"}}"]);
        Assert.Equal(3, samples[$"vllm:e2e_request_latency_seconds_count{{{label}}}"]);
        Assert.Equal(3, samples[$"vllm:e2e_request_latency_seconds_bucket{{{label},le=\"0.3\"}}"]); // instant
        Assert.Contains("vllm:cache_config_info{block_size=\"16\",enable_prefix_caching=\"True\",num_gpu_blocks=\"5000\"", text);

        var buckets = samples.Where(kv => kv.Key.StartsWith("vllm:time_to_first_token_seconds_bucket", StringComparison.Ordinal)).Select(kv => kv.Value).ToArray();
        Assert.Equal(23, buckets.Length); // vLLM's 22 bounds + +Inf
        Assert.Equal(buckets.Order(), buckets);
    }
}
