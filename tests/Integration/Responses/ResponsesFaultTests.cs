#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.ClientModel;
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
/// Refusals of <c>/v1/responses</c> in OpenAI's shape (401, 400 naming the param, 404, 429 with retry-after), failover
/// before the first byte and a broken stream billed for what it forwarded; each with a silo of its own.
/// </summary>
public sealed class ResponsesFaultTests
{
    private const string Hello = """{"model":"demo-8b","max_output_tokens":4,"input":"hi"}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The error object of OpenAI's envelope, after checking its shape.</summary>
    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _), error.ToString());
        return error.Clone();
    }

    [Fact]
    public async Task ABadOrMissingKeyIs401BeforeTheBodyIsRead()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => ResponsesSdkTests.Client(silo, "gl-not-a-key").CreateResponseAsync("demo-8b", "hi"));
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };
        // Who may call is decided before the body is read: a body over the size limit without a key is a 401, not a 413.
        using var missing = await anonymous.PostAsync("v1/responses", Json(new string(' ', 9 * 1024 * 1024) + Hello));
        using var get = await anonymous.GetAsync("v1/responses/resp_x");
        using var delete = await anonymous.DeleteAsync("v1/responses/resp_x");

        Assert.Equal(401, refused.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("authentication_error", (await ErrorAsync(missing)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.Equal(0, nodes.Servers[0].Engine.RequestsReceived);
    }

    [Theory]
    [InlineData("""{"model":"demo-8b","input":"hi","frobnicate":1}""", "frobnicate")]
    [InlineData("""{"model":"demo-8b"}""", "input")]
    [InlineData("""{"input":"hi"}""", "model")]
    [InlineData("""{"model":"demo-8b","input":"hi","max_output_tokens":0}""", "max_output_tokens")]
    [InlineData("""{"model":"demo-8b","input":"hi","store":"yes"}""", "store")]
    [InlineData("""{"model":"demo-8b","input":[{"role":"tool","content":"hi"}]}""", "input[0].role")]
    [InlineData("""{"model":"demo-8b","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"model":"demo-8b","input":[{"type":"reasoning","summary":[]}]}""", "input[0].type")]
    [InlineData("""{"model":"demo-8b","input":[{"type":"function_call_output","output":"x"}]}""", "input[0].call_id")]
    [InlineData("""{"model":"demo-8b","input":"hi","tools":[{"type":"web_search"}]}""", "tools[0].type")]
    [InlineData("""{"model":"demo-8b","input":"hi","tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"model":"demo-8b","input":"hi","metadata":{"k":1}}""", "metadata.k")]
    [InlineData("""{"model":"demo-8b","input":"hi","previous_response_id":"resp_nope"}""", "previous_response_id")]
    [InlineData("""{"model":"demo-8b","input":"hi""", null)]
    public async Task ABadRequestIs400InOpenAisShapeNamingTheParam(string body, string? param)
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/responses", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(0, nodes.Servers[0].Engine.RequestsReceived);
    }

    [Fact]
    public async Task AnUnknownModelIs404AndARateLimitIs429WithRetryAfter()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var key = await silo.CreateUserKeyAsync(new { name = "rpm2", rpm = 2 });
        var sdk = ResponsesSdkTests.Client(silo, key);

        var missing = await Assert.ThrowsAsync<ClientResultException>(() => sdk.CreateResponseAsync("no-such-model", "hi"));
        for (var i = 0; i < 2; i++)
        {
            await sdk.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("hi " + i)]) { MaxOutputTokenCount = 2 });
        }

        using var http = silo.Http(key);
        using var response = await http.PostAsync("v1/responses", Json(Hello));

        Assert.Equal(404, missing.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "retry-after: " + response.Headers.RetryAfter);
        Assert.Equal("rate_limit_error", (await ErrorAsync(response)).GetProperty("type").GetString());
        Assert.Equal(2, nodes.Servers[0].Engine.RequestsReceived);
    }

    [Fact]
    public async Task ANodeThatAnswers503IsSkippedBeforeTheFirstByte()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        nodes.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 503 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Models:0:Strategy"] = "round_robin" });
        var sdk = ResponsesSdkTests.Client(silo, await silo.CreateUserKeyAsync());

        for (var i = 0; i < 3; i++)
        {
            ResponseResult response = await sdk.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("failover " + i)]) { MaxOutputTokenCount = 3 });
            Assert.Equal(3, response.Usage.OutputTokenCount);
        }

        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Equal(3, events.Count(e => e.Status == UsageStatus.Success && e.NodeId == "node-2"));
        Assert.All(events.Where(e => e.NodeId == "node-1"), e => Assert.Equal(503, e.HttpStatus));
    }

    [Fact]
    public async Task AStreamThatBreaksAfterTheFirstTokenEndsWithAnErrorEventBillsWhatWasSentAndIsNotStored()
    {
        // Paced tokens: the gateway has read and forwarded them well before the node resets the connection.
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 5);
        nodes.Servers[0].Engine.Faults = new SimFaults { DropAfterTokens = 3 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/responses", Json("""{"model":"demo-8b","stream":true,"max_output_tokens":50,"input":"drop"}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("event: response.created\n", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("event: response.output_text.delta\n").Length - 1);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"sequence_number\":", text, StringComparison.Ordinal);
        Assert.DoesNotContain("response.completed", text, StringComparison.Ordinal);
        var usage = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(UsageStatus.UpstreamError, usage.Status);
        Assert.Equal(3, usage.CompletionTokens);
        using var stored = await http.GetAsync("v1/responses/resp_" + usage.RequestId["req_".Length..]);
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }
}
