using System.Net;
using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.DataPlane;

/// <summary>Client hang-ups and failing nodes, each with nodes of its own.</summary>
public sealed class FaultTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    [Fact]
    public async Task ClientThatDisconnectsMidStreamCancelsTheNodeAndIsBilledForWhatItGot()
    {
        // Slow tokens (real time) so the hang-up lands mid-generation.
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 20);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var key = await silo.CreateUserKeyAsync();
        using var http = silo.Http(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = Json("{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"long\"}]}"),
        };

        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            var requestId = response.Headers.GetValues("x-request-id").Single();
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            var dataLines = 0;
            while (dataLines < 5 && await reader.ReadLineAsync() is { } line)
            {
                dataLines += line.StartsWith("data:", StringComparison.Ordinal) ? 1 : 0;
            }

            Assert.Equal(1, nodes.Servers[0].Engine.Running);
            _ = requestId;
        }

        http.CancelPendingRequests();
        var engine = nodes.Servers[0].Engine;
        await WaitUntilAsync(() => engine.RequestsCancelled == 1, TimeSpan.FromSeconds(5));
        Assert.Equal(0, engine.Running);
        var usage = silo.Services.GetRequiredService<RecentUsageSink>();
        await WaitUntilAsync(() => usage.Snapshot().Any(e => e.Status == UsageStatus.ClientDisconnect), TimeSpan.FromSeconds(5));
        var billed = usage.Snapshot().Single(e => e.Status == UsageStatus.ClientDisconnect);
        Assert.InRange(billed.CompletionTokens, 4, 499);
        Assert.True(billed.CostMicros > 0);
    }

    [Fact]
    public async Task NodeThatAnswers503IsSkippedBeforeTheFirstByte()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        nodes.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 503 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Models:0:Strategy"] = "round_robin" });
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");

        for (var i = 0; i < 4; i++)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage("failover " + i)], new ChatCompletionOptions { MaxOutputTokenCount = 3 });
            Assert.Equal(3, result.Value.Usage.OutputTokenCount);
        }

        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Equal(4, events.Count(e => e.Status == UsageStatus.Success && e.NodeId == "node-2"));
        Assert.All(events.Where(e => e.NodeId == "node-1"), e => Assert.Equal(UsageStatus.UpstreamError, e.Status));
        Assert.All(events.Where(e => e.NodeId == "node-1"), e => Assert.Equal(503, e.HttpStatus));
    }

    [Fact]
    public async Task StreamThatBreaksAfterTheFirstTokenEndsWithAnErrorEventAndBillsWhatWasSent()
    {
        // Paced tokens: the gateway has read and forwarded them well before the node resets the connection.
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 5);
        nodes.Servers[0].Engine.Faults = new SimFaults { DropAfterTokens = 3 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/chat/completions", Json("{\"model\":\"demo-8b\",\"stream\":true,\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"drop\"}]}"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"error\":{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        var usage = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(UsageStatus.UpstreamError, usage.Status);
        Assert.Equal(3, usage.CompletionTokens);
    }

    [Fact]
    public async Task NoNodeForTheModelIs503WithRetryAfter()
    {
        await using var silo = await SiloHarness.StartAsync();
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/chat/completions", Json("{\"model\":\"demo-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
