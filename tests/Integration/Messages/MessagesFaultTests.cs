using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Messages;

/// <summary>
/// Refusals in Anthropic's shape (401, 400, 404, 429 with retry-after), limits and budgets applied to Messages
/// requests, failover before the first byte and a broken stream billed for what it forwarded; each with a silo of its own.
/// </summary>
public sealed class MessagesFaultTests
{
    private const string Hello = """{"model":"demo-8b","max_tokens":4,"messages":[{"role":"user","content":"hi"}]}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpClient AnthropicHttp(SiloHarness silo, string? key)
    {
        var http = new HttpClient { BaseAddress = silo.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", key);
        }

        return http;
    }

    /// <summary>The error's type from Anthropic's envelope, after checking the envelope's shape.</summary>
    private static async Task<string> ErrorTypeAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", doc.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetProperty("message").GetString()));
        return doc.RootElement.GetProperty("error").GetProperty("type").GetString()!;
    }

    [Fact]
    public async Task ABadOrMissingKeyIs401InAnthropicsShapeAndABearerKeyIsAcceptedToo()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var key = await silo.CreateUserKeyAsync();

        using var sdk = MessagesSdkTests.Client(silo, "gl-not-a-key");
        var refused = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => sdk.Messages.Create(new MessageCreateParams { Model = "demo-8b", MaxTokens = 4, Messages = [new UserMessageParam("hi")] }));
        Assert.Equal("authentication_error", refused.Type!.Raw());

        using var anonymous = AnthropicHttp(silo, null);
        // Who may call is decided before the body is read: a body over the size limit without a key is a 401, not a 413.
        using var missing = await anonymous.PostAsync("v1/messages", Json(new string(' ', 9 * 1024 * 1024) + Hello));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("authentication_error", await ErrorTypeAsync(missing));

        using var bearer = silo.Http(key);
        using var ok = await bearer.PostAsync("v1/messages", Json(Hello));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // x-api-key is Anthropic's header: the OpenAI surface keeps to Authorization.
        using var withApiKey = AnthropicHttp(silo, key);
        using var chat = await withApiKey.PostAsync("v1/chat/completions", Json(Hello));
        Assert.Equal(HttpStatusCode.Unauthorized, chat.StatusCode);
    }

    [Theory]
    [InlineData("""{"model":"demo-8b","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"demo-8b","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"demo-8b","max_tokens":4,"messages":[]}""", "messages")]
    [InlineData("""{"model":"demo-8b","max_tokens":4,"messages":[{"role":"system","content":"hi"}]}""", "messages.0.role")]
    [InlineData("""{"model":"demo-8b","max_tokens":4,"messages":[{"role":"user","content":[{"type":"document","source":{}}]}]}""", "messages.0.content.0.type")]
    [InlineData("""{"model":"demo-8b","max_tokens":4,"tools":[{"type":"web_search_20250305","name":"web_search"}],"messages":[{"role":"user","content":"hi"}]}""", "tools.0.type")]
    [InlineData("""{"model":"demo-8b","max_tokens":4,"messages":[{"role":"user","content":"hi"}""", "not valid JSON")]
    public async Task ABadRequestIs400InvalidRequestErrorNamingTheField(string body, string named)
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = AnthropicHttp(silo, await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/messages", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(named, text, StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", await ErrorTypeAsync(response));
        Assert.Equal(0, nodes.Servers[0].Engine.RequestsReceived);
    }

    [Fact]
    public async Task AnUnknownModelIsNotFoundAndARateLimitIs429WithRetryAfter()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var key = await silo.CreateUserKeyAsync(new { name = "rpm2", rpm = 2 });
        using var sdk = MessagesSdkTests.Client(silo, key);

        var missing = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => sdk.Messages.Create(new MessageCreateParams { Model = "no-such-model", MaxTokens = 4, Messages = [new UserMessageParam("hi")] }));
        Assert.Equal("not_found_error", missing.Type!.Raw());
        for (var i = 0; i < 2; i++)
        {
            await sdk.Messages.Create(new MessageCreateParams { Model = "demo-8b", MaxTokens = 2, Messages = [new UserMessageParam("hi " + i)] });
        }

        var limited = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => sdk.Messages.Create(new MessageCreateParams { Model = "demo-8b", MaxTokens = 2, Messages = [new UserMessageParam("one more")] }));
        Assert.Equal("rate_limit_error", limited.Type!.Raw());
        using var http = AnthropicHttp(silo, key);
        using var response = await http.PostAsync("v1/messages", Json(Hello));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "retry-after: " + response.Headers.RetryAfter);
        Assert.Equal("rate_limit_error", await ErrorTypeAsync(response));
        Assert.Equal(2, nodes.Servers[0].Engine.RequestsReceived);
    }

    [Fact]
    public async Task ATokenBudgetCapsMaxTokensAndThenRefusesInAnthropicsShape()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var key = await silo.CreateUserKeyAsync(new { name = "budgeted", monthly_tokens = 60 });
        using var sdk = MessagesSdkTests.Client(silo, key);

        var capped = await sdk.Messages.Create(new MessageCreateParams { Model = "demo-8b", MaxTokens = 500, Messages = [new UserMessageParam("write a lot")] });

        Assert.Equal(StopReason.MaxTokens, capped.StopReason!.Value());
        Assert.InRange(capped.Usage.InputTokens + capped.Usage.OutputTokens, 30, 60);
        var refused = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => sdk.Messages.Create(new MessageCreateParams { Model = "demo-8b", MaxTokens = 50, Messages = [new UserMessageParam("more")] }));
        Assert.Equal("rate_limit_error", refused.Type!.Raw());
        var billed = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(capped.Usage.OutputTokens, billed.CompletionTokens);
    }

    [Fact]
    public async Task ANodeThatAnswers503IsSkippedBeforeTheFirstByte()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        nodes.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 503 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Models:0:Strategy"] = "round_robin" });
        using var sdk = MessagesSdkTests.Client(silo, await silo.CreateUserKeyAsync());

        for (var i = 0; i < 3; i++)
        {
            var message = await sdk.Messages.Create(new MessageCreateParams { Model = "demo-8b", MaxTokens = 3, Messages = [new UserMessageParam("failover " + i)] });
            Assert.Equal(3, message.Usage.OutputTokens);
        }

        var events = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot();
        Assert.Equal(3, events.Count(e => e.Status == UsageStatus.Success && e.NodeId == "node-2"));
        Assert.All(events.Where(e => e.NodeId == "node-1"), e => Assert.Equal(503, e.HttpStatus));
    }

    [Fact]
    public async Task AStreamThatBreaksAfterTheFirstTokenEndsWithAnErrorEventAndBillsWhatWasSent()
    {
        // Paced tokens: the gateway has read and forwarded them well before the node resets the connection.
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 5);
        nodes.Servers[0].Engine.Faults = new SimFaults { DropAfterTokens = 3 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = AnthropicHttp(silo, await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync("v1/messages", Json("""{"model":"demo-8b","stream":true,"max_tokens":50,"messages":[{"role":"user","content":"drop"}]}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("event: message_start\n", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("\"type\":\"text_delta\"").Length - 1);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("message_stop", text, StringComparison.Ordinal);
        var usage = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(UsageStatus.UpstreamError, usage.Status);
        Assert.Equal(3, usage.CompletionTokens);
    }

    [Fact]
    public async Task TheSdkReadsABrokenStreamAsAnErrorAfterTheTextItGot()
    {
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o => o.ItlMs = 5);
        nodes.Servers[0].Engine.Faults = new SimFaults { DropAfterTokens = 4 };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var sdk = MessagesSdkTests.Client(silo, await silo.CreateUserKeyAsync());
        var deltas = 0;

        var broken = await Assert.ThrowsAsync<AnthropicSseException>(async () =>
        {
            await foreach (var evt in sdk.Messages.CreateStreaming(new MessageCreateParams { Model = "demo-8b", MaxTokens = 50, Messages = [new UserMessageParam("drop")] }))
            {
                deltas += evt.Value is RawContentBlockDeltaEvent ? 1 : 0;
            }
        });

        Assert.Equal("api_error", broken.Type!.Raw());
        Assert.Equal(4, deltas);
        var usage = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(UsageStatus.UpstreamError, usage.Status);
        Assert.Equal(4, usage.CompletionTokens);
    }

    [Fact]
    public async Task APrepaidWalletIsReservedAndDebitedForAMessageAndRefusesWhenEmpty()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var tenant = await Billing.WalletRequests.PrepaidTenantAsync(silo, "messages");
        var (_, secret) = await silo.CreateKeyAsync(tenant);
        using var sdk = MessagesSdkTests.Client(silo, secret);
        var ask = new MessageCreateParams { Model = "demo-8b", MaxTokens = 8, Messages = [new UserMessageParam("paid question")] };

        var empty = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => sdk.Messages.Create(ask));
        Assert.Equal("rate_limit_error", empty.Type!.Raw());
        using (var topUp = await Billing.WalletRequests.TopUpAsync(silo.Admin, tenant, "messages-1", new { amount_usd = 0.01m, reason = "credit" }))
        {
            Assert.Equal(HttpStatusCode.Created, topUp.StatusCode);
        }

        var paid = await sdk.Messages.Create(ask);

        var row = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal((row.PromptTokens, row.CompletionTokens), ((int)paid.Usage.InputTokens, (int)paid.Usage.OutputTokens));
        var wallet = await Placement.Wait.UntilAsync(() => Billing.WalletRequests.WalletAsync(silo.Admin, tenant), w => Billing.WalletRequests.Micros(w["reserved_usd"]) == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(row.CostMicros, Billing.WalletRequests.Micros(wallet["spent_usd"]));
    }
}
