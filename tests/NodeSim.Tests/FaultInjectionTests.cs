using System.Net;
using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

public sealed class FaultInjectionTests
{
    private static NodeSimOptions Paced() => TestOptions.Timed("h100-8b", 1, o =>
    {
        o.PrefillOverheadMs = 0;
        o.PrefillMsPerToken = 0;
        o.ItlMs = 10;
    });

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task FailRateOneAnswersEveryRequestWithTheFaultStatus(int status)
    {
        await using var server = await NodeSimServer.StartAsync(TestOptions.Instant());
        using var client = SimHttp.Client(server);
        using var set = await client.PostAsync("/sim/faults", SimHttp.Json($$"""{"fail_rate":1,"fail_status":{{status}}}"""));
        set.EnsureSuccessStatusCode();

        using var response = await client.PostAsync("/v1/chat/completions", SimHttp.Json(SimHttp.ChatBody("hi", 3)));
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, doc.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(status == 429, response.Headers.RetryAfter is not null);
        Assert.Equal(1, server.Engine.RequestsFailed);

        using var cleared = await client.DeleteAsync("/sim/faults");
        using var ok = await client.PostAsync("/v1/chat/completions", SimHttp.Json(SimHttp.ChatBody("hi", 3)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task FailDecisionsAreDeterministicFromTheSeed()
    {
        async Task<string> PatternAsync()
        {
            var options = TestOptions.Instant(o => o.Faults = new SimFaults { FailRate = 0.5, FailStatus = 500 });
            await using var server = await NodeSimServer.StartAsync(options);
            using var client = SimHttp.Client(server);
            var outcomes = new List<char>();
            for (var i = 0; i < 20; i++)
            {
                using var r = await client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"x","max_tokens":1}"""));
                outcomes.Add(r.IsSuccessStatusCode ? '.' : 'X');
            }

            return new string([.. outcomes]);
        }

        var first = await PatternAsync();
        Assert.Equal(first, await PatternAsync());
        Assert.Contains('X', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task FaultsEndpointShowsReplacesAndRejectsInvalidFaults()
    {
        await using var server = await NodeSimServer.StartAsync(TestOptions.Instant());
        using var client = SimHttp.Client(server);
        using var set = await client.PostAsync("/sim/faults", SimHttp.Json("""{"slow_start_ms":25,"drop_after_tokens":2}"""));
        set.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/sim/faults"));
        Assert.Equal(25, doc.RootElement.GetProperty("slow_start_ms").GetDouble());
        Assert.Equal(2, server.Engine.Faults.DropAfterTokens);
        Assert.Equal(0, server.Engine.Faults.FailRate);

        using var bad = await client.PostAsync("/sim/faults", SimHttp.Json("""{"fail_status":418}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(2, server.Engine.Faults.DropAfterTokens);
    }

    [Fact]
    public async Task DropAfterTokensBreaksTheStreamAfterThatManyTokens()
    {
        var options = Paced();
        options.Faults = new SimFaults { DropAfterTokens = 3 };
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        using var response = await SimHttp.PostStreamAsync(client, "/v1/completions", """{"prompt":"drop me","max_tokens":10,"stream":true}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var tokens = 0;
        var sawDone = false;
        var broke = false;
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                tokens += line.StartsWith("data: {", StringComparison.Ordinal) ? 1 : 0;
                sawDone |= line == "data: [DONE]";
            }
        }
        catch (HttpIOException)
        {
            broke = true;
        }
        catch (IOException)
        {
            broke = true;
        }

        Assert.True(broke, "the connection must be aborted, not closed cleanly");
        Assert.False(sawDone);
        Assert.Equal(3, tokens);
        await SimHttp.EventuallyAsync(() => server.Engine.RequestsFailed == 1 && server.Engine.Running == 0, "drop counted as failure");
        Assert.Equal(3, server.Engine.GenerationTokensTotal);
    }

    [Fact]
    public async Task HangSendsNoTokenUntilTheClientCancels()
    {
        var options = Paced();
        options.Faults = new SimFaults { HangBeforeFirstToken = true };
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        var response = await SimHttp.PostStreamAsync(client, "/v1/completions", """{"prompt":"hang","max_tokens":5,"stream":true}""");
        var stream = await response.Content.ReadAsStreamAsync();
        await SimHttp.EventuallyAsync(() => server.Engine.Running == 1, "hung request admitted");

        // Watch for a byte without cancelling the read: a cancelled read aborts the connection, which the
        // node sees as the client going away — the very thing this test checks only at its end.
        var read = stream.ReadAsync(new byte[1]).AsTask();
        var first = await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.NotSame(read, first);
        Assert.Equal(0, server.Engine.GenerationTokensTotal);
        Assert.Equal(1, server.Engine.Running);

        response.Dispose();
        try
        {
            // Disposing the response ends the pending read; whether it ends empty or faulted is the HTTP stack's choice.
            Assert.Equal(0, await read);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
            // The connection was torn down under the read: the expected way for it to end.
        }

        await SimHttp.EventuallyAsync(() => server.Engine.RequestsCancelled == 1 && server.Engine.Running == 0, "hang cancelled");
        Assert.Equal(0, server.Engine.KvCacheUsage);
    }

    [Fact]
    public async Task ClientCancelStopsGenerationAndFreesTheSlot()
    {
        var options = Paced();
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        var response = await SimHttp.PostStreamAsync(client, "/v1/chat/completions", SimHttp.ChatBody("long answer", 500, stream: true));
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var chunks = 0;
        while (chunks < 3 && await reader.ReadLineAsync() is { } line)
        {
            chunks += line.StartsWith("data: {", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(server.Engine.KvCacheUsage > 0);
        response.Dispose();
        reader.Dispose();
        await SimHttp.EventuallyAsync(() => server.Engine.RequestsCancelled == 1 && server.Engine.Running == 0, "cancel observed");
        Assert.Equal(0, server.Engine.KvCacheUsage);
        var emitted = server.Engine.GenerationTokensTotal;
        Assert.InRange(emitted, 2, 100);
        await Task.Delay(50);
        Assert.Equal(emitted, server.Engine.GenerationTokensTotal); // generation really stopped
        Assert.Equal(0, server.Engine.RequestsCompleted);
        Assert.Contains("finished_reason=\"abort\"} 1.0", await client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task SlowStartDelaysTheFirstToken()
    {
        var options = Paced();
        options.Faults = new SimFaults { SlowStartMs = 300 };
        await using var server = await NodeSimServer.StartAsync(options);
        using var client = SimHttp.Client(server);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"slow","max_tokens":1}"""));
        Assert.True(sw.ElapsedMilliseconds >= 280, $"{sw.ElapsedMilliseconds} ms");
    }
}
