using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

[Collection(TimingCollection.Name)]
public sealed class LatencyModelTests
{
    private static string LongPrompt(int words, string salt) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => $"{salt}{i % 97}"));

    /// <summary>
    /// Runs one streamed request on the manual clock, moving it from one armed timer to the next, and returns the
    /// simulated time to its first token (the prefill timer) and to its end. Measured in the engine's time, it does
    /// not depend on how busy the machine is.
    /// </summary>
    private static async Task<(TimeSpan FirstToken, TimeSpan Total, int Chunks)> RunAsync(ManualTimeProvider time, NodeSimServer server, HttpClient client, string body)
    {
        var started = time.GetUtcNow();
        var tokensBefore = server.Engine.GenerationTokensTotal;
        var call = Task.Run(async () =>
        {
            using var response = await SimHttp.PostStreamAsync(client, "/v1/completions", body);
            return await SimHttp.ReadEventsAsync(response);
        });
        TimeSpan? firstToken = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!call.IsCompleted)
        {
            if (time.NextDueIn is { } wait)
            {
                time.Advance(wait);
                if (firstToken is null)
                {
                    await SimHttp.EventuallyAsync(() => server.Engine.GenerationTokensTotal > tokensBefore, "first token");
                    firstToken = time.GetUtcNow() - started;
                }
            }
            else
            {
                await Task.Delay(2, deadline.Token);
            }
        }

        var events = await call;
        return (firstToken ?? throw new InvalidOperationException("no timer was armed"), time.GetUtcNow() - started, events.Count(SimHttp.IsContentChunk));
    }

    private static string CompletionBody(string prompt) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["prompt"] = prompt, ["max_tokens"] = 1, ["stream"] = true });

    [Fact]
    public async Task ShortPromptTtftMatchesTheProfileUnderTimeScale()
    {
        // a10-8b: 235 ms + 0.5 ms/token simulated; the time scale of 2 halves it.
        var time = new ManualTimeProvider();
        var options = TestOptions.Timed("a10-8b", timeScale: 2);
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);

        const string prompt = "What is the capital of France?";
        var expected = (options.PrefillOverheadMs + (SimTokenizer.CountTokens(prompt) * options.PrefillMsPerToken)) / options.TimeScale;
        var (ttft, _, chunks) = await RunAsync(time, server, client, CompletionBody(prompt + " fresh"));
        Assert.Equal(1, chunks);
        Assert.InRange(ttft.TotalMilliseconds, expected - 1, expected + 1);
    }

    [Fact]
    public async Task LongerPromptTakesLongerAndRepeatedPrefixIsFasterAndCounted()
    {
        var time = new ManualTimeProvider();
        var options = TestOptions.Timed("a10-8b", timeScale: 2);
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);

        var (shortTtft, _, _) = await RunAsync(time, server, client, CompletionBody("a short question"));
        var prompt = LongPrompt(1600, "w"); // 1600 tokens ≈ 800 ms simulated prefill → 400 ms more at 2×
        var (longTtft, _, _) = await RunAsync(time, server, client, CompletionBody(prompt));
        Assert.True(longTtft > shortTtft + TimeSpan.FromMilliseconds(350), $"long {longTtft.TotalMilliseconds} ms vs short {shortTtft.TotalMilliseconds} ms");

        var hitsBefore = server.Engine.PrefixCacheHits;
        var queriesBefore = server.Engine.PrefixCacheQueries;
        var (repeatTtft, _, _) = await RunAsync(time, server, client, CompletionBody(prompt));
        Assert.True(repeatTtft < longTtft - TimeSpan.FromMilliseconds(350), $"repeat {repeatTtft.TotalMilliseconds} ms vs first {longTtft.TotalMilliseconds} ms");
        Assert.Equal(1600, server.Engine.PrefixCacheQueries - queriesBefore);
        Assert.Equal(1600 / 16 * 16 - 16, server.Engine.PrefixCacheHits - hitsBefore); // all full blocks but the last (recomputed)

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains($"vllm:prefix_cache_hits_total{{model_name=\"demo-8b\"}} {server.Engine.PrefixCacheHits}.0", metrics);
    }

    [Fact]
    public async Task InterTokenLatencyPacesTheStream()
    {
        // TTFT = prefill, then 9 gaps of one ITL (40 ms slowed by the batch, halved by the time scale).
        var time = new ManualTimeProvider();
        var options = TestOptions.Timed("h100-8b", timeScale: 2, o => o.ItlMs = 40);
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);

        const string prompt = "pace me";
        var (first, total, chunks) = await RunAsync(time, server, client, $$"""{"prompt":"{{prompt}}","max_tokens":10,"stream":true}""");

        Assert.Equal(10, chunks);
        var ttft = options.PrefillOverheadMs + (SimTokenizer.CountTokens(prompt) * options.PrefillMsPerToken);
        var itl = options.ItlMs * (1 + (options.ItlSlowdown / options.MaxNumSeqs));
        Assert.InRange(first.TotalMilliseconds, (ttft / options.TimeScale) - 1, (ttft / options.TimeScale) + 1);
        var expected = (ttft + (9 * itl)) / options.TimeScale;
        Assert.InRange(total.TotalMilliseconds, expected - 1, expected + 1);
    }

    [Fact]
    public async Task NChoicesDecodeTogetherOneTokenPerChoicePerStep()
    {
        // 3 choices × 4 tokens: four decode steps (the first right after prefill), not twelve.
        var time = new ManualTimeProvider();
        var options = TestOptions.Timed("h100-8b", timeScale: 1, o =>
        {
            o.PrefillOverheadMs = 0;
            o.PrefillMsPerToken = 0;
            o.ItlMs = 20;
            o.ItlSlowdown = 0;
            o.Faults = new SimFaults { SlowStartMs = 10 };
        });
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);

        var (_, total, chunks) = await RunAsync(time, server, client, """{"prompt":"three at once","n":3,"max_tokens":4,"stream":true}""");

        Assert.Equal(12, chunks);
        Assert.Equal(TimeSpan.FromMilliseconds(10 + (3 * 20)), total);
        Assert.Equal(12, server.Engine.GenerationTokensTotal);
    }

}
