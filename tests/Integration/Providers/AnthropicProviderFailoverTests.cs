using System.Net;
using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>An <c>anthropic</c> provider's 529 (overloaded) is an upstream error: the request moves to the next node before its first byte.</summary>
public sealed class AnthropicProviderFailoverTests
{
    [Fact]
    public async Task AnOverloadedProviderFailsOverToTheNextNodeAndItsAttemptIsBilledAsAnUpstreamError()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var provider = await AnthropicProviderFixture.StartProviderAsync(o => o.Faults = new SimFaults { FailRate = 1, FailStatus = 529 });
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Models:0:Strategy"] = "round_robin" });
        await AnthropicProviderFixture.RegisterAsync(silo, "claude-busy", provider);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        // Round robin: of four requests, some go to the provider first (each answer must be a success either way).
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsync("v1/chat/completions", new StringContent("""{"model":"demo-8b","max_tokens":3,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(provider.Engine.RequestsReceived > 0, "placement never tried the provider");
        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        var refused = events.Where(e => e.NodeId == "claude-busy").ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, e =>
        {
            Assert.Equal(UsageStatus.UpstreamError, e.Status);
            Assert.Equal(529, e.HttpStatus);
            Assert.Equal(0, e.CompletionTokens);
            // The same request then succeeded on the vLLM node, billed there.
            var served = Assert.Single(events, s => s.RequestId == e.RequestId && s.Status == UsageStatus.Success);
            Assert.Equal("node-1", served.NodeId);
            Assert.Equal(3, served.CompletionTokens);
        });
    }
}
