using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// A Messages client (the official Anthropic .NET SDK) on an <c>anthropic</c> node: its request and the provider's
/// answer pass through untranslated (the provider's own message ids and <c>toolu_</c> ids reach the client), and
/// the ledger bills the usage read from the provider's message and events.
/// </summary>
public sealed class AnthropicPassThroughTests(AnthropicProviderFixture fx) : IClassFixture<AnthropicProviderFixture>
{
    private AnthropicClient Sdk() =>
        new() { ApiKey = fx.UserKey, BaseUrl = fx.Silo.BaseUrl.ToString().TrimEnd('/'), MaxRetries = 0, Timeout = TimeSpan.FromSeconds(60) };

    private UsageEvent LastRow() =>
        fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Last(e => e.NodeId == AnthropicProviderFixture.NodeId);

    [Fact]
    public async Task AMessageIsTheProvidersOwnWithItsUsageBilledExactly()
    {
        using var sdk = Sdk();
        var before = fx.Provider.Engine.PromptTokensTotal;

        var message = await sdk.Messages.Create(new MessageCreateParams
        {
            Model = "demo-8b",
            MaxTokens = 6,
            System = "You are terse.",
            Messages = [new UserMessageParam("Say hello")],
        });

        var row = LastRow();
        // NodeSim's ids are random hex; a translated answer's id would be the request's ("msg_" + the id after "req_").
        Assert.NotEqual("msg_" + row.RequestId["req_".Length..], message.ID);
        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(6, Assert.IsType<TextBlock>(Assert.Single(message.Content).Value).Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(message.Usage.InputTokens, row.PromptTokens);
        Assert.Equal(6, row.CompletionTokens);
        Assert.Equal(fx.Provider.Engine.PromptTokensTotal - before, row.PromptTokens);
    }

    [Fact]
    public async Task AStreamKeepsTheProvidersEventsPingIncludedAndBillsMessageDeltasUsage()
    {
        using var http = fx.Silo.Http(fx.UserKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent("""{"model":"demo-8b","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"Stream please"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var names = new List<string>();
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    names.Add(line["event: ".Length..]);
                }
            }
        }

        // The gateway's own translation sends no ping: this sequence is the provider's, ended by the held message_stop.
        Assert.Equal(["message_start", "content_block_start", "ping", .. Enumerable.Repeat("content_block_delta", 5), "content_block_stop", "message_delta", "message_stop"], names);
        var row = LastRow();
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(5, row.CompletionTokens);
        Assert.Equal(SimTokenizer.CountChatTokens([new("user", "Stream please")]), row.PromptTokens);
    }

    [Fact]
    public async Task AStreamedToolCallThroughTheSdkCarriesTheProvidersToolUseId()
    {
        using var sdk = Sdk();
        var json = new StringBuilder();
        ToolUseBlock? started = null;
        long? output = null;

        await foreach (var evt in sdk.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "demo-8b",
            MaxTokens = 64,
            Messages = [new UserMessageParam("get_weather for Oslo")],
            Tools = [new Tool { Name = "get_weather", InputSchema = JsonSerializer.Deserialize<InputSchema>("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")! }],
            ToolChoice = new ToolChoiceTool { Name = "get_weather" },
        }))
        {
            switch (evt.Value)
            {
                case RawContentBlockStartEvent { ContentBlock.Value: ToolUseBlock block }:
                    started = block;
                    break;
                case RawContentBlockDeltaEvent { Delta.Value: InputJsonDelta delta }:
                    json.Append(delta.PartialJson);
                    break;
                case RawMessageDeltaEvent delta:
                    output = delta.Usage.OutputTokens;
                    break;
            }
        }

        Assert.StartsWith("toolu_", started!.ID);
        using var input = JsonDocument.Parse(json.ToString());
        Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(output, LastRow().CompletionTokens);
    }
}
