using System.Text;

namespace GatoLink.NodeSim.Tests;

/// <summary>The latency model runs on the injected TimeProvider: with a manual clock nothing moves until the test says so.</summary>
public sealed class InjectedTimeTests
{
    private static async Task<string?> TryReadChunkAsync(StreamReader reader, Task<string?>? pending, int waitMs)
    {
        var read = pending ?? reader.ReadLineAsync();
        var winner = await Task.WhenAny(read, Task.Delay(waitMs));
        return winner == read ? await read : null;
    }

    [Fact]
    public async Task FirstTokenComesExactlyAfterPrefillAndEachNextAfterOneItl()
    {
        var time = new ManualTimeProvider();
        var options = TestOptions.Timed("h100-8b", 1, o =>
        {
            o.PrefillOverheadMs = 100;
            o.PrefillMsPerToken = 0;
            o.ItlMs = 10;
            o.ItlSlowdown = 0;
        });
        await using var server = await NodeSimServer.StartAsync(options, time: time);
        using var client = SimHttp.Client(server);
        using var response = await SimHttp.PostStreamAsync(client, "/v1/completions", """{"prompt":"frozen","max_tokens":2,"stream":true}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);

        await SimHttp.EventuallyAsync(() => time.PendingTimers == 1, "prefill timer armed");
        var read = reader.ReadLineAsync();
        Assert.Null(await TryReadChunkAsync(reader, read, 150));
        Assert.Equal(1, server.Engine.Running);

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Null(await TryReadChunkAsync(reader, read, 100));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.StartsWith("data: {", await read);
        Assert.Equal(1, server.Engine.GenerationTokensTotal);

        await SimHttp.EventuallyAsync(() => time.PendingTimers == 1, "decode timer armed");
        Assert.Equal(string.Empty, await reader.ReadLineAsync()); // SSE event separator
        read = reader.ReadLineAsync();
        Assert.Null(await TryReadChunkAsync(reader, read, 100));
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.StartsWith("data: {", await read);
        await SimHttp.EventuallyAsync(() => server.Engine.RequestsCompleted == 1, "completed");
        Assert.Equal(0, server.Engine.Running);
    }
}
