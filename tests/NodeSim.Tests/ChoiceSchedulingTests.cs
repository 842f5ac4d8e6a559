namespace GatoLink.NodeSim.Tests;

/// <summary>A request with n choices is n sequences for the scheduler and the KV cache; faults cut across choices.</summary>
public sealed class ChoiceSchedulingTests
{
    [Fact]
    public void EachChoiceReservesItsOwnTailAndOutputWhileFullPromptBlocksAreShared()
    {
        var kv = new KvCacheManager(totalBlocks: 100, blockSize: 16);
        var ids = Enumerable.Range(0, 40).ToList();

        var lease = kv.TryAllocate(BlockHasher.FullBlockHashes(ids, 16), promptTokens: 40, outputTokens: [30, 30, 10]);

        Assert.NotNull(lease);
        Assert.Equal(2 + 3 + 3 + 2, kv.UsedBlocks); // 2 shared prompt blocks; each tail of 8 + output: ceil(38/16), ceil(38/16), ceil(18/16)
        Assert.Equal(3, lease.Sequences);
    }

    [Fact]
    public async Task NChoicesTakeNSeqSlotsAndARequestThatDoesNotFitWaits()
    {
        var time = new ManualTimeProvider();
        var options = TestOptions.Timed("h100-8b", 1, o =>
        {
            o.MaxNumSeqs = 4;
            o.PrefillOverheadMs = 0;
            o.PrefillMsPerToken = 0;
            o.ItlMs = 20;
        });
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);

        var first = client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"three","n":3,"max_tokens":5}"""));
        await SimHttp.EventuallyAsync(() => server.Engine.Running == 3, "3 sequences running");
        var second = client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"two","n":2,"max_tokens":5}"""));
        await SimHttp.EventuallyAsync(() => server.Engine.Waiting == 1, "the n=2 request waits: 3 + 2 > 4");
        Assert.Equal(3, server.Engine.Running);

        var all = Task.WhenAll(first, second);
        while (!all.IsCompleted)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.WhenAny(all, Task.Delay(10));
        }

        foreach (var response in await all)
        {
            response.EnsureSuccessStatusCode();
            response.Dispose();
        }

        Assert.Equal(25, server.Engine.GenerationTokensTotal);
        Assert.Equal(0, server.Engine.Running);
    }

    [Fact]
    public async Task DropAfterTokensCutsAToolCallStreamOfTwoChoicesMidArguments()
    {
        var options = TestOptions.Timed("h100-8b", 1, o =>
        {
            o.PrefillOverheadMs = 0;
            o.PrefillMsPerToken = 0;
            o.ItlMs = 5;
            o.Faults = new SimFaults { DropAfterTokens = 5 };
        });
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        using var response = await SimHttp.PostStreamAsync(client, "/v1/chat/completions",
            ToolCallTests.Body("get_weather", "\"required\"", ""","n":2,"stream":true"""));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var toolDeltas = new List<string>();
        var broke = false;
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Contains("\"tool_calls\"", StringComparison.Ordinal))
                {
                    toolDeltas.Add(line);
                }
            }
        }
        catch (IOException)
        {
            broke = true;
        }

        Assert.True(broke, "the connection must be aborted, not closed cleanly");
        Assert.Equal(5, toolDeltas.Count);
        Assert.Equal(3, toolDeltas.Count(l => l.Contains("\"index\":0,\"delta\"", StringComparison.Ordinal)));
        Assert.Equal(2, toolDeltas.Count(l => l.Contains("\"index\":1,\"delta\"", StringComparison.Ordinal)));
        await SimHttp.EventuallyAsync(() => server.Engine.RequestsFailed == 1 && server.Engine.Running == 0, "drop counted as failure");
    }
}
