using System.ClientModel;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Placement;

/// <summary>Failover end to end through the OpenAI SDK, with NodeSim fault injection.</summary>
public sealed class FailoverTests
{
    private static async Task<string> StreamAsync(ChatClient chat, string prompt, int maxTokens)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = maxTokens }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task NodesThatAnswer503AreSkippedAndEachAttemptIsAUsageEvent()
    {
        await using var nodes = await SimNodes.StartAsync(3, "instant");
        nodes.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 503 };
        nodes.Servers[1].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 429 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");

        for (var i = 0; i < 5; i++)
        {
            Assert.NotEmpty(await StreamAsync(chat, "failover " + i, 4));
        }

        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Equal(5, events.Count(e => e.Status == UsageStatus.Success && e.NodeId == "node-3"));
        Assert.All(events.Where(e => e.NodeId != "node-3"), e => Assert.Equal(UsageStatus.UpstreamError, e.Status));
        Assert.Equal(nodes.Servers[0].Engine.RequestsReceived + nodes.Servers[1].Engine.RequestsReceived, events.Count(e => e.NodeId != "node-3"));
    }

    [Fact]
    public async Task NodeThatHangsBeforeTheFirstTokenTimesOutAndTheNextNodeAnswers()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        nodes.Servers[0].Engine.Faults = new SimFaults { HangBeforeFirstToken = true };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?>
        {
            ["GatoLink:Models:0:Strategy"] = "RoundRobin",
            ["GatoLink:Gateway:FirstTokenTimeout"] = "00:00:00.500",
        });
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");

        // Round robin starts at node-1: the first request meets the hang.
        Assert.NotEmpty(await StreamAsync(chat, "hang", 4));

        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        var timedOut = Assert.Single(events, e => e.Status == UsageStatus.Timeout);
        Assert.Equal("node-1", timedOut.NodeId);
        Assert.Single(events, e => e.Status == UsageStatus.Success && e.NodeId == "node-2");
        await Wait.UntilAsync(() => nodes.Servers[0].Engine.Running == 0, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StreamThatDropsMidwayIsNotRetriedAndBillsWhatWasSent()
    {
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 5);
        nodes.Servers[0].Engine.Faults = new SimFaults { DropAfterTokens = 3 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");

        // Past the first byte nothing may move. The stream ends with an OpenAI-shaped error event
        // (DataPlane.FaultTests reads it raw); the .NET SDK 2.15 ends the enumeration without surfacing it.
        var text = await StreamAsync(chat, "drop", 50);
        Assert.NotEmpty(text);

        var usage = Assert.Single(silo.Services.GetRequiredService<RecentUsageSink>().Snapshot());
        Assert.Equal(UsageStatus.UpstreamError, usage.Status);
        Assert.Equal(3, usage.CompletionTokens);
        Assert.Equal(1, nodes.Servers[0].Engine.RequestsReceived);
    }
}
