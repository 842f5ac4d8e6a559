using System.Diagnostics;
using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

[Collection(TimingCollection.Name)]
public sealed class LatencyModelTests
{
    private static string LongPrompt(int words, string salt) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => $"{salt}{i % 97}"));

    /// <summary>Time from sending a streaming request to its first content chunk.</summary>
    private static async Task<TimeSpan> TimeToFirstTokenAsync(HttpClient client, string body)
    {
        var sw = Stopwatch.StartNew();
        using var response = await SimHttp.PostStreamAsync(client, "/v1/completions", body);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                var elapsed = sw.Elapsed;
                await reader.ReadToEndAsync();
                return elapsed;
            }
        }

        throw new InvalidOperationException("no chunk");
    }

    private static string CompletionBody(string prompt) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["prompt"] = prompt, ["max_tokens"] = 1, ["stream"] = true });

    [Fact]
    public async Task ShortPromptTtftMatchesTheProfileUnderTimeScale()
    {
        // a10-8b: 235 ms + 0.5 ms/token ≈ 240 ms simulated; at 2× that is ≈ 120 ms real.
        var options = TestOptions.Timed("a10-8b", timeScale: 2);
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        await TimeToFirstTokenAsync(client, CompletionBody("warm up the connection")); // first request pays JIT and connect

        const string prompt = "What is the capital of France?";
        var expected = (options.PrefillOverheadMs + (SimTokenizer.CountTokens(prompt) * options.PrefillMsPerToken)) / options.TimeScale;
        var ttft = await TimeToFirstTokenAsync(client, CompletionBody(prompt + " fresh"));
        Assert.InRange(ttft.TotalMilliseconds, expected * 0.9, expected + 250);
    }

    [Fact]
    public async Task LongerPromptTakesLongerAndRepeatedPrefixIsFasterAndCounted()
    {
        var options = TestOptions.Timed("a10-8b", timeScale: 2);
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        await TimeToFirstTokenAsync(client, CompletionBody("warm up"));

        var shortTtft = await TimeToFirstTokenAsync(client, CompletionBody("a short question"));
        var prompt = LongPrompt(1600, "w"); // 1600 tokens ≈ 800 ms simulated prefill → 400 ms more at 2×
        var longTtft = await TimeToFirstTokenAsync(client, CompletionBody(prompt));
        Assert.True(longTtft > shortTtft + TimeSpan.FromMilliseconds(250), $"long {longTtft.TotalMilliseconds} ms vs short {shortTtft.TotalMilliseconds} ms");

        var hitsBefore = server.Engine.PrefixCacheHits;
        var queriesBefore = server.Engine.PrefixCacheQueries;
        var repeatTtft = await TimeToFirstTokenAsync(client, CompletionBody(prompt));
        Assert.True(repeatTtft < longTtft - TimeSpan.FromMilliseconds(250), $"repeat {repeatTtft.TotalMilliseconds} ms vs first {longTtft.TotalMilliseconds} ms");
        Assert.Equal(1600, server.Engine.PrefixCacheQueries - queriesBefore);
        Assert.Equal(1600 / 16 * 16 - 16, server.Engine.PrefixCacheHits - hitsBefore); // all full blocks but the last (recomputed)

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains($"vllm:prefix_cache_hits_total{{model_name=\"demo-8b\"}} {server.Engine.PrefixCacheHits}.0", metrics);
    }

    [Fact]
    public async Task InterTokenLatencyPacesTheStream()
    {
        // TTFT ≈ 45 ms + 9 gaps × 20 ms (40 ms ITL at 2×). Measured from the send: the server schedules from
        // admission, so it can never finish early, while a late first read on a busy box cannot shrink the total.
        var options = TestOptions.Timed("h100-8b", timeScale: 2, o => o.ItlMs = 40);
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        await TimeToFirstTokenAsync(client, CompletionBody("warm up"));

        const string prompt = "pace me";
        var sw = Stopwatch.StartNew();
        using var response = await SimHttp.PostStreamAsync(client, "/v1/completions", $$"""{"prompt":"{{prompt}}","max_tokens":10,"stream":true}""");
        var events = await SimHttp.ReadEventsAsync(response);
        var elapsed = sw.Elapsed.TotalMilliseconds;

        Assert.Equal(10, events.Count(SimHttp.IsContentChunk));
        var ttft = options.PrefillOverheadMs + (SimTokenizer.CountTokens(prompt) * options.PrefillMsPerToken);
        var itl = options.ItlMs * (1 + (options.ItlSlowdown / options.MaxNumSeqs));
        var expected = (ttft + (9 * itl)) / options.TimeScale;
        Assert.InRange(elapsed, expected * 0.95, expected + 250);
    }
}
