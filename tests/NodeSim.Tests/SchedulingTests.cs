using System.Net;

namespace GatoLink.NodeSim.Tests;

public sealed class SchedulingTests
{
    private static NodeSimOptions SlowTokens(Action<NodeSimOptions> tweak) => TestOptions.Timed("h100-8b", 1, o =>
    {
        o.PrefillOverheadMs = 0;
        o.PrefillMsPerToken = 0;
        o.ItlMs = 20;
        o.ItlSlowdown = 0;
        tweak(o);
    });

    [Fact]
    public async Task ThirdRequestWaitsWhenMaxNumSeqsIsTwoThenRuns()
    {
        // The clock is the test's: nothing finishes between the look at the engine and the look at /metrics.
        var time = new ManualTimeProvider();
        await using var server = await NodeSimServer.StartAsync(SlowTokens(o => o.MaxNumSeqs = 2), time: time);
        using var client = SimHttp.Client(server);
        var calls = Enumerable.Range(0, 3)
            .Select(i => client.PostAsync("/v1/completions", SimHttp.Json($$"""{"prompt":"job {{i}}","max_tokens":15}""")))
            .ToArray();

        await SimHttp.EventuallyAsync(() => server.Engine.Running == 2 && server.Engine.Waiting == 1, "2 running, 1 waiting");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("vllm:num_requests_waiting{model_name=\"demo-8b\"} 1.0", metrics);
        Assert.Contains("vllm:num_requests_running{model_name=\"demo-8b\"} 2.0", metrics);

        var all = Task.WhenAll(calls);
        while (!all.IsCompleted)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.WhenAny(all, Task.Delay(10));
        }

        foreach (var response in await all)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(3, server.Engine.RequestsCompleted);
        Assert.Equal(0, server.Engine.Running);
        Assert.Equal(0, server.Engine.Waiting);
        Assert.Equal(45, server.Engine.GenerationTokensTotal);
    }

    [Fact]
    public async Task FullWaitingQueueAnswers503Immediately()
    {
        var options = SlowTokens(o =>
        {
            o.MaxNumSeqs = 1;
            o.MaxWaiting = 1;
            o.Faults = new SimFaults { HangBeforeFirstToken = true };
        });
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        using var cts = new CancellationTokenSource();
        // The stream's headers go out at once (as vLLM's): read them before cancelling, so the cancel below cannot race them.
        using var running = await SimHttp.PostStreamAsync(client, "/v1/completions", """{"prompt":"one","max_tokens":5,"stream":true}""", cts.Token);
        var waiting = client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"two","max_tokens":5}"""), cts.Token);
        await SimHttp.EventuallyAsync(() => server.Engine.Running == 1 && server.Engine.Waiting == 1, "1 running, 1 waiting");

        using var refused = await client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"three","max_tokens":5}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("\"code\":503", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Engine.RequestsFailed);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        running.Dispose();
        await SimHttp.EventuallyAsync(() => server.Engine.Running == 0 && server.Engine.Waiting == 0, "everything released");
        await SimHttp.EventuallyAsync(() => server.Engine.RequestsCancelled == 2, "both cancelled");
    }

    [Fact]
    public async Task KvUsageRisesWhileRunningAndReturnsToZero()
    {
        // The clock is the test's: the request stays mid-decode until the test has looked, however busy the machine.
        var time = new ManualTimeProvider();
        var options = SlowTokens(o =>
        {
            o.NumGpuBlocks = 100;
            o.PrefillOverheadMs = 100;
        });
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);
        var prompt = string.Join(' ', Enumerable.Repeat("word", 40));
        var call = client.PostAsync("/v1/completions", SimHttp.Json($$"""{"prompt":"{{prompt}}","max_tokens":56}"""));

        await SimHttp.EventuallyAsync(() => server.Engine.Running == 1 && time.PendingTimers == 1, "prefill timer armed");
        time.Advance(TimeSpan.FromMilliseconds(100));
        await SimHttp.EventuallyAsync(() => server.Engine.GenerationTokensTotal == 1 && time.PendingTimers == 1, "first token out, decode timer armed");

        Assert.Equal(1, server.Engine.Running);
        Assert.Equal(0.06, server.Engine.KvCacheUsage, 6); // ceil((40 + 56) / 16) = 6 of 100 blocks, reserved up front
        Assert.Contains("vllm:kv_cache_usage_perc{model_name=\"demo-8b\"} 0.06", await client.GetStringAsync("/metrics"));

        // Every later deadline is already past: the remaining 55 tokens go out at once.
        time.Advance(TimeSpan.FromHours(1));
        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(56, server.Engine.GenerationTokensTotal);
        Assert.Equal(0, server.Engine.Running);
        Assert.Equal(0, server.Engine.KvCacheUsage);
    }

    [Fact]
    public async Task RequestsWaitForFreeKvBlocksEvenWithFreeSlots()
    {
        // 6 blocks: each request needs 4, so only one fits at a time although max_num_seqs is 256.
        await using var server = await NodeSimServer.StartAsync(SlowTokens(o => o.NumGpuBlocks = 6));
        using var client = SimHttp.Client(server);
        var calls = Enumerable.Range(0, 2)
            .Select(i => client.PostAsync("/v1/completions", SimHttp.Json($$"""{"prompt":"{{i}}","max_tokens":63}""")))
            .ToArray();
        await SimHttp.EventuallyAsync(() => server.Engine.Running == 1 && server.Engine.Waiting == 1, "KV-bound queueing");
        foreach (var response in await Task.WhenAll(calls))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }
}
