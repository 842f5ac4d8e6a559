using System.Globalization;
using System.Net;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;

namespace GatoLink.NodeSim.Tests;

/// <summary>Anthropic mode's refusals: key, version header, body validation, rate limits and injected faults, each in Anthropic's shape.</summary>
public sealed class AnthropicErrorTests
{
    private const string Hello = """{"model":"claude-sim","max_tokens":4,"messages":[{"role":"user","content":"hi"}]}""";

    private static MessageCreateParams Ask(int maxTokens = 4) => new() { Model = "claude-sim", MaxTokens = maxTokens, Messages = [new UserMessageParam("hi")] };

    [Fact]
    public async Task AMissingOrWrongKeyIsA401AuthenticationErrorAndTheSdkSeesIt()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var client = SimHttp.Client(server);

        using var missing = await AnthropicSim.PostAsync(client, Hello, key: null);
        using var wrong = await AnthropicSim.PostAsync(client, Hello, key: "sk-ant-other");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(("authentication_error", "x-api-key header is required"), await AnthropicSim.ErrorOfAsync(missing));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(("authentication_error", "invalid x-api-key"), await AnthropicSim.ErrorOfAsync(wrong));
        using var sdk = AnthropicSim.Sdk(server, "sk-ant-other");
        await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => sdk.Messages.Create(Ask()));
        Assert.Equal(0, server.Engine.RequestsReceived);
    }

    [Fact]
    public async Task AMissingAnthropicVersionHeaderIsA400()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var client = SimHttp.Client(server);

        using var response = await AnthropicSim.PostAsync(client, Hello, version: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("invalid_request_error", "anthropic-version: header is required"), await AnthropicSim.ErrorOfAsync(response));
    }

    [Theory]
    [InlineData("""{"model":"claude-sim","messages":[{"role":"user","content":"hi"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"claude-sim","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens: Input should be greater than or equal to 1")]
    [InlineData("""{"max_tokens":4,"messages":[{"role":"user","content":"hi"}]}""", "model: Field required")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"messages":[]}""", "messages: at least one message is required")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"messages":[{"role":"system","content":"hi"}]}""", "messages.0.role: Input should be 'user' or 'assistant'")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]}""", "temperature: Input should be less than or equal to 1")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"stop_sequences":"x","messages":[{"role":"user","content":"hi"}]}""", "stop_sequences: Input should be a valid list of strings")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"tools":[{"name":"f"}],"messages":[{"role":"user","content":"hi"}]}""", "tools.0.input_schema: Field required")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"tool_choice":{"type":"any"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice may only be specified while providing tools.")]
    [InlineData("""{"model":"claude-sim","max_tokens":4,"messages":[{"role":"user","content":[{"type":"video"}]}]}""", "messages.0.content.0: Input tag 'video' found using 'type' does not match any of the expected tags")]
    public async Task AnInvalidBodyIsA400InvalidRequestErrorNamingTheField(string body, string message)
    {
        await using var server = await AnthropicSim.StartAsync();
        using var client = SimHttp.Client(server);

        using var response = await AnthropicSim.PostAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("invalid_request_error", message), await AnthropicSim.ErrorOfAsync(response));
        Assert.Equal(0, server.Engine.RequestsReceived);
    }

    [Fact]
    public async Task AnUnknownModelIsA404NotFoundError()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);

        var ex = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => sdk.Messages.Create(Ask() with { Model = "claude-nope" }));

        Assert.Contains("not_found_error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRequestBucketRefusesWith429RetryAfterAndRateLimitHeadersThenRefillsWithTime()
    {
        var time = new ManualTimeProvider();
        await using var server = await AnthropicSim.StartAsync(o => o.RequestsPerMinute = 2, time);
        using var client = SimHttp.Client(server);
        var start = time.GetUtcNow();

        using var first = await AnthropicSim.PostAsync(client, Hello);
        using var second = await AnthropicSim.PostAsync(client, Hello);
        using var third = await AnthropicSim.PostAsync(client, Hello);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2", Header(first, "anthropic-ratelimit-requests-limit"));
        Assert.Equal("1", Header(first, "anthropic-ratelimit-requests-remaining"));
        Assert.Equal("0", Header(second, "anthropic-ratelimit-requests-remaining"));
        // Two used of a two-per-minute bucket that refills continuously: full again a minute after the first.
        Assert.Equal(start.AddMinutes(1), DateTimeOffset.Parse(Header(second, "anthropic-ratelimit-requests-reset"), CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), third.Headers.RetryAfter!.Delta);
        Assert.Equal("rate_limit_error", (await AnthropicSim.ErrorOfAsync(third)).Type);
        Assert.Equal("0", Header(third, "anthropic-ratelimit-requests-remaining"));
        Assert.NotNull(Header(third, "anthropic-ratelimit-tokens-remaining"));

        time.Advance(TimeSpan.FromSeconds(30));
        using var later = await AnthropicSim.PostAsync(client, Hello);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        // The refused request never reached the engine.
        Assert.Equal(3, server.Engine.RequestsReceived);
    }

    [Fact]
    public async Task TheTokenBucketCountsInputAndOutputAndTheSdkSeesARateLimitException()
    {
        var time = new ManualTimeProvider();
        await using var server = await AnthropicSim.StartAsync(o => o.TokensPerMinute = 600, time);
        using var client = SimHttp.Client(server);
        using var sdk = AnthropicSim.Sdk(server);

        using var first = await AnthropicSim.PostAsync(client, """{"model":"claude-sim","max_tokens":500,"messages":[{"role":"user","content":"hi"}]}""");
        var used = 600 - long.Parse(Header(first, "anthropic-ratelimit-tokens-remaining"), CultureInfo.InvariantCulture);
        var message = await sdk.Messages.Create(Ask(10));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(used > 500, $"input plus 500 output tokens charged, got {used}");
        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => sdk.Messages.Create(Ask(200)));
        Assert.Equal(10, message.Usage.OutputTokens);
    }

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(500, "api_error")]
    [InlineData(429, "rate_limit_error")]
    public async Task AnInjectedFailureAnswersInAnthropicsShape(int status, string type)
    {
        await using var server = await AnthropicSim.StartAsync(o => o.Faults = new SimFaults { FailRate = 1, FailStatus = status });
        using var client = SimHttp.Client(server);

        using var response = await AnthropicSim.PostAsync(client, Hello);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, (await AnthropicSim.ErrorOfAsync(response)).Type);
        Assert.Equal(status == 429, response.Headers.RetryAfter is not null);
        Assert.Equal(1, server.Engine.RequestsFailed);
    }

    [Fact]
    public async Task ThroughTheFaultsEndpointA529ReachesTheSdkAsOverloaded()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var client = SimHttp.Client(server);
        using var set = await client.PostAsync("/sim/faults", SimHttp.Json("""{"fail_rate":1,"fail_status":529}"""));
        set.EnsureSuccessStatusCode();
        using var sdk = AnthropicSim.Sdk(server);

        await Assert.ThrowsAsync<AnthropicOverloadedException>(() => sdk.Messages.Create(Ask()));

        using var cleared = await client.DeleteAsync("/sim/faults");
        Assert.Equal(4, (await sdk.Messages.Create(Ask())).Usage.OutputTokens);
    }

    [Fact]
    public async Task DropAfterTokensCutsTheStreamAfterThatManyDeltas()
    {
        // The cut waits until the client has read the deltas sent: a reset can make its TCP stack drop unread bytes.
        var readThree = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await AnthropicSim.StartAsync(o =>
        {
            o.Faults = new SimFaults { DropAfterTokens = 3 };
            o.BeforeDrop = ct => readThree.Task.WaitAsync(ct);
        });
        using var client = SimHttp.Client(server);
        using var response = await AnthropicSim.PostAsync(client, """{"model":"claude-sim","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", stream: true);
        var deltas = 0;

        var ex = await Record.ExceptionAsync(async () =>
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                deltas += line == "event: content_block_delta" ? 1 : 0;
                if (deltas == 3 && line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    readThree.TrySetResult();
                }

                Assert.NotEqual("event: message_stop", line);
            }
        });

        Assert.IsAssignableFrom<IOException>(ex);
        Assert.Equal(3, deltas);
        await SimHttp.EventuallyAsync(() => server.Engine.RequestsFailed == 1 && server.Engine.Running == 0, "drop counted as failure");
        Assert.Equal(3, server.Engine.GenerationTokensTotal);
    }

    [Fact]
    public void TheCommandLineSelectsTheAnthropicApiAndItsLimits()
    {
        var settings = CommandLine.Parse(["--api", "anthropic", "--api-key", "k1", "--requests-per-minute", "50", "--tokens-per-minute", "9000", "--fail-status", "529"]);

        Assert.Equal(NodeSimApi.Anthropic, settings.Options.Api);
        Assert.Equal("k1", settings.Options.ApiKey);
        Assert.Equal(50, settings.Options.RequestsPerMinute);
        Assert.Equal(9000, settings.Options.TokensPerMinute);
        Assert.Equal(529, settings.Options.Faults.FailStatus);
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--api", "grpc"]));
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
