using System.Text;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.ChatApi;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// A chat client (the official OpenAI .NET SDK) served by an <c>anthropic</c> node: the request goes upstream as a
/// Messages request with the node's key, the message or its events come back as chat, and the ledger bills exactly
/// what the provider counted.
/// </summary>
public sealed class AnthropicProviderChatTests(AnthropicProviderFixture fx) : IClassFixture<AnthropicProviderFixture>
{
    private ChatClient Chat => fx.Silo.OpenAi(fx.UserKey).GetChatClient("demo-8b");

    private UsageEvent[] RowsOf(string nodeId) =>
        [.. fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Where(e => e.NodeId == nodeId)];

    private UsageEvent RowOf(string completionId) =>
        fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => "chatcmpl-" + e.RequestId == completionId);

    [Fact]
    public async Task ATextCompletionIsTheProvidersMessageWithItsExactUsage()
    {
        var before = fx.Provider.Engine.PromptTokensTotal;

        var completion = (await Chat.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Say hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 6 })).Value;

        Assert.Equal(6, completion.Content[0].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        var row = RowOf(completion.Id);
        Assert.Equal(AnthropicProviderFixture.NodeId, row.NodeId);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(6, row.CompletionTokens);
        Assert.Equal(completion.Usage.InputTokenCount, row.PromptTokens);
        Assert.Equal(completion.Usage.OutputTokenCount, row.CompletionTokens);
        // What the provider counted as input is what was billed: its chat template saw the system prompt as "system".
        Assert.Equal(fx.Provider.Engine.PromptTokensTotal - before, row.PromptTokens);
        Assert.Equal(SimTokenizer.CountChatTokens([new("system", "You are terse."), new("user", "Say hello")]), row.PromptTokens);
    }

    [Fact]
    public async Task AStreamedCompletionArrivesTokenByTokenWithUsage()
    {
        var text = new StringBuilder();
        var updates = 0;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        string? id = null;

        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage("Stream please")], new ChatCompletionOptions { MaxOutputTokenCount = 7 }))
        {
            id ??= update.CompletionId;
            foreach (var part in update.ContentUpdate.Where(p => p.Text.Length > 0))
            {
                updates++;
                text.Append(part.Text);
            }

            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(7, updates);
        Assert.Equal(7, text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(ChatFinishReason.Length, finish);
        var row = RowOf(id!);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(7, row.CompletionTokens);
        Assert.Equal(usage!.InputTokenCount, row.PromptTokens);
        Assert.Equal(usage.OutputTokenCount, row.CompletionTokens);
        Assert.Equal(SimTokenizer.CountChatTokens([new("user", "Stream please")]), row.PromptTokens);
    }

    [Fact]
    public async Task ARequiredToolIsCalledAsAChatToolCallWithTheProvidersId()
    {
        var completion = (await Chat.CompleteChatAsync([new UserChatMessage("Use get_weather for Lima")], ChatTools.With(ChatToolChoice.CreateRequiredChoice()))).Value;

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.StartsWith("toolu_", call.Id);
        using var args = JsonDocument.Parse(call.FunctionArguments);
        Assert.Equal(JsonValueKind.String, args.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(completion.Usage.OutputTokenCount, RowOf(completion.Id).CompletionTokens);
    }

    [Fact]
    public async Task AStreamedToolCallAssemblesFromInputJsonDeltasAndTheResultGoesBackAsAToolResult()
    {
        var arguments = new StringBuilder();
        string? callId = null;
        string? name = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage("get_weather for Oslo")], ChatTools.With(ChatToolChoice.CreateFunctionChoice("get_weather"))))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                callId ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate.ToString());
            }

            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("get_weather", name);
        using var args = JsonDocument.Parse(arguments.ToString());
        Assert.Equal(JsonValueKind.String, args.RootElement.GetProperty("city").ValueKind);

        // The next turn carries the call and its result: the provider reads them as tool_use and tool_result blocks.
        List<ChatMessage> turn =
        [
            new UserChatMessage("get_weather for Oslo"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(callId!, name!, BinaryData.FromString(arguments.ToString()))]),
            new ToolChatMessage(callId!, "4 degrees and snowing"),
        ];
        var answer = (await Chat.CompleteChatAsync(turn, new ChatCompletionOptions { MaxOutputTokenCount = 3, Tools = { ChatTools.Weather }, ToolChoice = ChatToolChoice.CreateNoneChoice() })).Value;
        Assert.Equal(3, answer.Usage.OutputTokenCount);
        Assert.True(RowOf(answer.Id).PromptTokens > SimTokenizer.CountTokens("4 degrees and snowing"));
    }

    [Fact]
    public async Task AStreamTheProviderBreaksIsBilledForTheTokensForwarded()
    {
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = await AnthropicProviderFixture.StartProviderAsync(o =>
        {
            o.Faults = new SimFaults { DropAfterTokens = 3 };
            o.BeforeDrop = ct => cut.Task.WaitAsync(ct);
        });
        await using var silo = await SiloHarness.StartAsync();
        await AnthropicProviderFixture.RegisterAsync(silo, "claude-broken", provider);
        using var http = silo.Http(await silo.CreateUserKeyAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo-8b","stream":true,"max_tokens":10,"messages":[{"role":"user","content":"break"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var received = 0;
        var events = new List<string>();
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                events.Add(line);
                received += line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal) ? 1 : 0;
                if (received == 3)
                {
                    // The provider resets the connection once the client has every token it was sent.
                    cut.TrySetResult();
                }
            }
        }

        Assert.Equal(3, received);
        Assert.Contains("\"error\":{", events[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("data: [DONE]", events);
        var row = Assert.Single(silo.Services.GetRequiredService<RecentUsageSink>().Snapshot(), e => e.NodeId == "claude-broken");
        Assert.Equal(UsageStatus.UpstreamError, row.Status);
        Assert.Equal(3, row.CompletionTokens);
        Assert.True(row.CostMicros > 0);
    }

    [Fact]
    public async Task TheProvidersRefusalReachesAChatClientInOpenAisErrorShape()
    {
        // A chat request with only a system message is valid chat; as Messages it has no turn, which the provider refuses.
        using var http = new HttpClient { BaseAddress = fx.Silo.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo-8b","max_tokens":4,"messages":[{"role":"system","content":"only a system prompt"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", fx.UserKey);

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("messages", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        // Not Anthropic's envelope: an OpenAI SDK reads error.message, and there is no top-level "type": "error".
        Assert.False(body.RootElement.TryGetProperty("type", out _));
    }
}
