#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.Net;
using System.Text;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// A Responses request passed through to nodes that serve <c>/v1/responses</c> themselves, when a node fails: before
/// the first byte the next node serves it, after it the stream ends with an <c>error</c> event numbered after the
/// node's, billed for the tokens forwarded, and nothing is stored.
/// </summary>
public sealed class NativeResponsesFaultTests
{
    [Fact]
    public async Task AStreamThatBreaksEndsWithAnErrorEventAndIsBilledForWhatItForwarded()
    {
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 5);
        nodes.Servers[0].Engine.Faults = new SimFaults { DropAfterTokens = 3 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, NativeResponsesFixture.Declared);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/responses", new StringContent("""{"model":"demo-8b","stream":true,"max_output_tokens":50,"input":"drop"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonDocument.Parse(e[(e.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement.Clone()).ToList();
        Assert.Equal("response.created", events[0].GetProperty("type").GetString());
        Assert.Equal(3, events.Count(e => e.GetProperty("type").GetString() == "response.output_text.delta"));
        Assert.Equal("error", events[^1].GetProperty("type").GetString());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.GetProperty("sequence_number").GetInt32()));
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "response.completed");
        var usage = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(UsageStatus.UpstreamError, usage.Status);
        Assert.Equal(3, usage.CompletionTokens);
        Assert.True(usage.PromptTokens > 0);
        Assert.True(usage.CostMicros > 0);
        using var stored = await http.GetAsync("v1/responses/resp_" + usage.RequestId["req_".Length..]);
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task ANodeThatFailsBeforeTheFirstByteIsReplacedByTheNext()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        nodes.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 500 };
        var settings = new Dictionary<string, string?>(NativeResponsesFixture.Declared)
        {
            ["GatoLink:Nodes:1:NativeApis:0"] = "responses",
            ["GatoLink:Models:0:Strategy"] = "round_robin",
        };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, settings);
        var sdk = ResponsesSdkTests.Client(silo, await silo.CreateUserKeyAsync());

        for (var i = 0; i < 3; i++)
        {
            var updates = new List<StreamingResponseUpdate>();
            await foreach (var update in await sdk.CreateResponseStreamingAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("failover " + i)]) { MaxOutputTokenCount = 3, StreamingEnabled = true }))
            {
                updates.Add(update);
            }

            Assert.Equal(3, Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]).Response.Usage.OutputTokenCount);
        }

        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Equal(3, events.Count(e => e.Status == UsageStatus.Success && e.NodeId == "node-2"));
        Assert.All(events.Where(e => e.NodeId == "node-1"), e => Assert.Equal(500, e.HttpStatus));
        Assert.Equal(3, nodes.Servers[1].Engine.RequestsReceived);
    }
}
