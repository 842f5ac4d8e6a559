using System.Net;
using System.Text;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.ChatApi;

/// <summary>
/// <c>n</c>, seeds across nodes, and what the gateway bills for them, including streams a node cuts mid-way.
/// Raw HTTP where the OpenAI .NET SDK has no surface (it exposes neither <c>n</c> nor more than the first choice).
/// </summary>
public sealed class ChoicesAndBillingTests
{
    private const string Chat = "v1/chat/completions";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string ToolRequest(string extra) =>
        """{"model":"demo-8b","messages":[{"role":"user","content":"get_weather please"}],"tool_choice":"required","tools":[{"type":"function","function":{"name":"get_weather","parameters":"""
        + ChatTools.WeatherSchema + "}}]" + extra + "}";

    /// <summary>
    /// Streams <paramref name="body"/> through a silo from a node that drops the connection after
    /// <paramref name="dropAfterTokens"/> tokens; returns what the client got and the usage event billed.
    /// The node resets the connection only once the client has read every token event it sent, so the gateway has
    /// forwarded them all before the cut, whatever the machine's pacing.
    /// </summary>
    private static async Task<(string Sse, UsageEvent Billed)> CutStreamAsync(int dropAfterTokens, string body)
    {
        var clientHasEveryToken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var nodes = await SimNodes.StartAsync(1, "h100-8b", timeScale: 1, o =>
        {
            o.ItlMs = 5;
            o.Faults = new SimFaults { DropAfterTokens = dropAfterTokens };
            o.BeforeDrop = ct => clientHasEveryToken.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        });
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, Chat) { Content = Json(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var sse = new StringBuilder();
        var tokenEvents = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            sse.Append(line).Append('\n');
            // One event per token and choice, after each choice's role chunk (vLLM's shape).
            if (line.StartsWith("data: {", StringComparison.Ordinal) && line.Contains("\"choices\":[{", StringComparison.Ordinal)
                && !line.Contains("\"role\":", StringComparison.Ordinal) && ++tokenEvents == dropAfterTokens)
            {
                clientHasEveryToken.SetResult();
            }
        }

        return (sse.ToString(), silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single());
    }

    [Fact]
    public async Task NonStreamedChoicesAllReachTheClientAndAreBilledTogether()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync(Chat, Json("""{"model":"demo-8b","n":3,"max_tokens":4,"logprobs":true,"stop":"never-there","custom_field":{"kept":true},"messages":[{"role":"user","content":"three please"}]}"""));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choices = doc.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(choices, c =>
        {
            Assert.Equal(4, c.GetProperty("logprobs").GetProperty("content").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("stop_reason").ValueKind); // vLLM's own field survives the relay
        });
        var clientUsage = doc.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.Equal(12, clientUsage);
        var billed = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(12, billed.CompletionTokens);
        Assert.Equal(doc.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), billed.PromptTokens);
    }

    [Fact]
    public async Task StreamOfTwoChoicesIsBilledTheUsageTheClientSaw()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync());

        using var response = await http.PostAsync(Chat, Json("""{"model":"demo-8b","n":2,"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"two streams"}]}"""));
        var events = Events(await response.Content.ReadAsStringAsync());

        var perChoice = events.Where(e => e.GetProperty("choices").GetArrayLength() == 1)
            .Select(e => e.GetProperty("choices")[0])
            .Where(c => c.GetProperty("delta").TryGetProperty("content", out var t) && t.GetString()!.Length > 0)
            .GroupBy(c => c.GetProperty("index").GetInt32())
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0, 1], perChoice.Keys.Order());
        var seen = events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.Equal(perChoice.Values.Sum(), seen);
        var billed = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal(UsageStatus.Success, billed.Status);
        Assert.Equal(seen, billed.CompletionTokens);
    }

    [Fact]
    public async Task ToolCallStreamCutByTheNodeIsBilledForTheArgumentsForwardedInEveryChoice()
    {
        var (text, billed) = await CutStreamAsync(dropAfterTokens: 7, ToolRequest(""","n":2,"stream":true"""));

        Assert.Contains("\"error\":{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        var arguments = new Dictionary<int, StringBuilder>();
        foreach (var choice in Events(text).Where(e => e.TryGetProperty("choices", out _)).Select(e => e.GetProperty("choices")[0]))
        {
            if (choice.GetProperty("delta").TryGetProperty("tool_calls", out var calls))
            {
                var index = choice.GetProperty("index").GetInt32();
                (arguments.TryGetValue(index, out var sb) ? sb : arguments[index] = new StringBuilder())
                    .Append(calls[0].GetProperty("function").GetProperty("arguments").GetString());
            }
        }

        Assert.Equal([0, 1], arguments.Keys.Order());
        var forwardedTokens = arguments.Values.Sum(a => SimTokenizer.CountTokens(a.ToString()));
        Assert.Equal(7, forwardedTokens);
        Assert.Equal(UsageStatus.UpstreamError, billed.Status);
        Assert.Equal(forwardedTokens, billed.CompletionTokens);
    }

    [Fact]
    public async Task CutStreamWithContinuousUsageIsBilledForEveryChoiceNotTheLastChunksCount()
    {
        var (text, billed) = await CutStreamAsync(dropAfterTokens: 6,
            """{"model":"demo-8b","n":2,"max_tokens":50,"stream":true,"stream_options":{"include_usage":true,"continuous_usage_stats":true},"messages":[{"role":"user","content":"cut me"}]}""");

        var lastChunkCount = Events(text).Last(e => e.TryGetProperty("usage", out _)).GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.Equal(3, lastChunkCount); // vLLM counts the chunk's own choice
        Assert.Equal(UsageStatus.UpstreamError, billed.Status);
        Assert.Equal(6, billed.CompletionTokens);
    }

    [Fact]
    public async Task ATokenBudgetCapsAllChoicesTogether()
    {
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        using var http = silo.Http(await silo.CreateUserKeyAsync(new { name = "budgeted", monthly_tokens = 400 }));

        // 3 × 200 output tokens do not fit in 400: the reservation is for all three, so the cap is shared.
        using var response = await http.PostAsync(Chat, Json("""{"model":"demo-8b","n":3,"max_tokens":200,"messages":[{"role":"user","content":"hi"}]}"""));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choices = doc.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(3, choices.Count);
        Assert.All(choices, c => Assert.Equal("length", c.GetProperty("finish_reason").GetString()));
        var billed = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.InRange(billed.PromptTokens + billed.CompletionTokens, 300, 400);
    }

    [Fact]
    public async Task SameSeedAnswersTheSameOnEveryNode()
    {
        await using var nodes = await SimNodes.StartAsync(2, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Models:0:Strategy"] = "round_robin" });
        var chat = silo.OpenAi(await silo.CreateUserKeyAsync()).GetChatClient("demo-8b");
        var answers = new HashSet<string>();

        for (var i = 0; i < 4; i++)
        {
#pragma warning disable OPENAI001 // Seed is experimental in the SDK.
            var options = new ChatCompletionOptions { Seed = 4242, Temperature = 0.8f, MaxOutputTokenCount = 12 };
#pragma warning restore OPENAI001
            answers.Add((await chat.CompleteChatAsync([new UserChatMessage("seeded question")], options)).Value.Content[0].Text);
        }

        Assert.Single(answers);
        Assert.All(nodes.Servers, s => Assert.Equal(2, s.Engine.RequestsReceived));
    }

    private static List<JsonElement> Events(string sse) =>
        sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim())
            .Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone())
            .ToList();
}
