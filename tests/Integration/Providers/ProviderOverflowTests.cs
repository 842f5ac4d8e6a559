using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.PerSilo.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// External providers as overflow and fallback, end to end: a real silo, an own NodeSim node and NodeSim providers that
/// demand their API key as vLLM's <c>--api-key</c> does (a request without the right Bearer key would get 401).
/// </summary>
public sealed class ProviderOverflowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task WhenSaturatedTheProviderTakesWhatTheOwnPoolCannotAndTheOwnPoolTakesItBackWhenItFrees()
    {
        await using var grid = await ProviderGrid.StartAsync(1, "h100-8b", o => o.ItlMs = 20, new Dictionary<string, string?>
        {
            // Any KV use saturates the node: one running request fills the own pool.
            ["GatoLink:Placement:KvThreshold"] = "0.0000001",
            ["GatoLink:Placement:MaxQueueWait"] = "00:00:30",
        });
        await grid.SetPolicyAsync("when_saturated", "provider-1");
        using var http = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());
        var own = grid.Silo.Services.GetRequiredService<NodeDirectory>().Get("node-1")!;

        using var hold = new CancellationTokenSource();
        var longRun = http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(2000), hold.Token);
        await Wait.UntilAsync(() => grid.Own.Engine.Running == 1, Patience);
        await Wait.UntilAsync(() => own.LastSample?.Running >= 1, Patience);

        // Saturated: instead of waiting in the queue, the request goes to the provider at once.
        using var overflowed = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));
        Assert.Equal(HttpStatusCode.OK, overflowed.StatusCode);
        Assert.Equal(1, grid.Providers[0].Engine.RequestsCompleted);
        Assert.Equal(1, grid.Own.Engine.RequestsReceived);

        // The own node frees: the next request is the pool's again.
        await hold.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longRun);
        await Wait.UntilAsync(() => grid.Own.Engine.Running == 0 && own.LastSample?.Running == 0 && own.InFlight == 0, Patience);
        using var back = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(2, grid.Own.Engine.RequestsReceived);
        Assert.Equal(1, grid.Providers[0].Engine.RequestsReceived);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task OnErrorAnOwnNodeThatFailsIsReplacedByTheProviderBeforeTheFirstByte(int status)
    {
        await using var grid = await ProviderGrid.StartAsync(1);
        await grid.SetPolicyAsync("on_error", "provider-1");
        grid.Own.Engine.Faults = new SimFaults { FailRate = 1, FailStatus = status };
        var chat = grid.Silo.OpenAi(await grid.Silo.CreateUserKeyAsync()).GetChatClient("demo-8b");

        var answer = await chat.CompleteChatAsync([new OpenAI.Chat.UserChatMessage("fall back")], new OpenAI.Chat.ChatCompletionOptions { MaxOutputTokenCount = 4 });

        Assert.Equal(4, answer.Value.Usage.OutputTokenCount);
        var events = grid.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Collection(events.OrderBy(e => e.Attempt),
            e => Assert.Equal(("node-1", UsageStatus.UpstreamError, status), (e.NodeId, e.Status, e.HttpStatus)),
            e => Assert.Equal(("provider-1", UsageStatus.Success, 200), (e.NodeId, e.Status, e.HttpStatus)));
        Assert.Equal(1, grid.Providers[0].Engine.RequestsCompleted);
    }

    [Fact]
    public async Task OnErrorAHealthyOwnPoolKeepsEveryRequest()
    {
        await using var grid = await ProviderGrid.StartAsync(1);
        await grid.SetPolicyAsync("on_error", "provider-1");
        using var http = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());

        for (var i = 0; i < 5; i++)
        {
            using var ok = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(2, "own " + i));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Equal(5, grid.Own.Engine.RequestsCompleted);
        Assert.Equal(0, grid.Providers[0].Engine.RequestsReceived);
    }

    [Fact]
    public async Task AProviderThatFailsIsFollowedByTheNextOfTheChain()
    {
        await using var grid = await ProviderGrid.StartAsync(2);
        await grid.SetPolicyAsync("on_error", "provider-1", "provider-2");
        grid.Own.Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 503 };
        grid.Providers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 500 };
        using var http = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());

        using var answer = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var events = grid.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().OrderBy(e => e.Attempt).ToList();
        Assert.Equal(["node-1", "provider-1", "provider-2"], events.Select(e => e.NodeId));
        Assert.Equal([UsageStatus.UpstreamError, UsageStatus.UpstreamError, UsageStatus.Success], events.Select(e => e.Status));
        // What the provider charged: 3 USD per million prompt tokens, 15 per million completion tokens, exact in micro-USD.
        var served = events[2];
        Assert.Equal((served.PromptTokens * 3L) + (served.CompletionTokens * 15L), served.ProviderCostMicros);
        Assert.Equal(0, events[0].ProviderCostMicros);
    }

    [Fact]
    public async Task ATenantDeniedExternalOverflowGets503InOpenAisShapeAndNoProviderSeesIt()
    {
        await using var grid = await ProviderGrid.StartAsync(1);
        await grid.SetPolicyAsync("on_error", "provider-1");
        grid.Own.Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 500 };
        var tenant = await grid.Silo.CreateTenantAsync("resident");
        using (var deny = await grid.Silo.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new JsonObject { ["external_overflow"] = "deny" }))
        {
            deny.EnsureSuccessStatusCode();
            Assert.Equal("deny", (string?)(await deny.Content.ReadFromJsonAsync<JsonObject>())!["external_overflow"]);
        }

        var (_, key) = await grid.Silo.CreateKeyAsync(tenant);
        using var http = grid.Silo.Http(key);
        using var refused = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));

        var body = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("external_overflow_denied", (string?)body!["error"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]!["message"]));
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(0, grid.Providers[0].Engine.RequestsReceived);

        // Another tenant, allowed by default, is served by the provider from the same failing pool.
        using var allowed = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());
        using var served = await allowed.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, grid.Providers[0].Engine.RequestsCompleted);
    }

    [Fact]
    public async Task WithPolicyNeverAProviderThatServesTheModelIsNeverChosen()
    {
        await using var grid = await ProviderGrid.StartAsync(1);
        grid.Own.Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 500 };
        using var http = grid.Silo.Http(await grid.Silo.CreateUserKeyAsync());

        using var refused = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));

        // The own node's failure is the answer, as without providers.
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(0, grid.Providers[0].Engine.RequestsReceived);
    }
}
