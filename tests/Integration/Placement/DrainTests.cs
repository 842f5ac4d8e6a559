using System.Net.Http.Json;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Placement;

public sealed class DrainTests
{
    [Fact]
    public async Task ADrainingNodeGetsNoNewRequestsAndFinishesItsRunningOnes()
    {
        // Real-time tokens: the long request is still running when the drain lands.
        await using var nodes = await SimNodes.StartAsync(2, "h100-8b", timeScale: 1, o => o.ItlMs = 10);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");

        var longRun = chat.CompleteChatAsync([new UserChatMessage("long")], new ChatCompletionOptions { MaxOutputTokenCount = 150 });
        await Wait.UntilAsync(() => nodes.Servers.Any(s => s.Engine.Running == 1), TimeSpan.FromSeconds(5));
        var busy = nodes.Servers[0].Engine.Running == 1 ? 0 : 1;
        var busyId = $"node-{busy + 1}";

        using (var drained = await silo.Admin.PostAsync($"admin/nodes/{busyId}/drain", null))
        {
            drained.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 6; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage("short " + i)], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        }

        var finished = await longRun;
        Assert.Equal(150, finished.Value.Usage.OutputTokenCount);
        Assert.Equal(1, nodes.Servers[busy].Engine.RequestsReceived);
        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Single(events, e => e.NodeId == busyId && e.Status == UsageStatus.Success);

        using var undrained = await silo.Admin.PostAsync($"admin/nodes/{busyId}/undrain", null);
        var view = await undrained.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.False((bool)view!["draining"]!);
    }
}
