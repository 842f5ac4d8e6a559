using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using GatoLink.Gateway.AnthropicApi;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.DataPlane;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Messages;

/// <summary>
/// The official Anthropic .NET SDK against <c>/v1/messages</c> on a real silo in front of NodeSim nodes (which speak
/// OpenAI chat only): text, streaming, a tools round trip, count_tokens, and a ledger row per message with its usage.
/// </summary>
public sealed class MessagesSdkTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    private static readonly string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    internal static AnthropicClient Client(SiloHarness silo, string key) =>
        new() { ApiKey = key, BaseUrl = silo.BaseUrl.ToString().TrimEnd('/'), MaxRetries = 0, Timeout = TimeSpan.FromSeconds(60) };

    private UsageEvent LedgerRowOf(string messageId) =>
        fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => e.RequestId == "req_" + messageId["msg_".Length..]);

    [Fact]
    public async Task ATextMessageAnswersWithATextBlockItsStopReasonAndTheUsageTheLedgerBilled()
    {
        using var client = Client(fx.Silo, fx.UserKey);

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = "demo-8b",
            MaxTokens = 6,
            System = "You are terse.",
            Messages = [new UserMessageParam("Say hello"), new AssistantMessageParam("Hello"), new UserMessageParam("Again")],
        });

        Assert.StartsWith("msg_", message.ID);
        Assert.Equal("demo-8b", message.Model.Raw());
        var text = Assert.IsType<TextBlock>(Assert.Single(message.Content).Value);
        Assert.Equal(6, text.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        var row = LedgerRowOf(message.ID);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(row.PromptTokens, message.Usage.InputTokens);
        Assert.Equal(row.CompletionTokens, message.Usage.OutputTokens);
        Assert.Equal(6, row.CompletionTokens);
        Assert.True(row.CostMicros > 0);
    }

    [Fact]
    public async Task AStreamedMessageFollowsAnthropicsEventSequenceThroughTheSdk()
    {
        using var client = Client(fx.Silo, fx.UserKey);
        var kinds = new List<string>();
        var text = new StringBuilder();
        string? id = null;
        long startInput = -1;
        MessageDeltaUsage? usage = null;
        StopReason? stop = null;

        await foreach (var evt in client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "demo-8b",
            MaxTokens = 8,
            Messages = [new UserMessageParam("Stream please")],
        }))
        {
            switch (evt.Value)
            {
                case RawMessageStartEvent start:
                    kinds.Add("message_start");
                    id = start.Message.ID;
                    startInput = start.Message.Usage.InputTokens;
                    break;
                case RawContentBlockStartEvent:
                    kinds.Add("content_block_start");
                    break;
                case RawContentBlockDeltaEvent { Delta.Value: TextDelta delta }:
                    kinds.Add("text_delta");
                    text.Append(delta.Text);
                    break;
                case RawContentBlockStopEvent:
                    kinds.Add("content_block_stop");
                    break;
                case RawMessageDeltaEvent delta:
                    kinds.Add("message_delta");
                    usage = delta.Usage;
                    stop = delta.Delta.StopReason?.Value();
                    break;
                case RawMessageStopEvent:
                    kinds.Add("message_stop");
                    break;
            }
        }

        Assert.Equal(["message_start", "content_block_start", .. Enumerable.Repeat("text_delta", 8), "content_block_stop", "message_delta", "message_stop"], kinds);
        Assert.Equal(8, text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(StopReason.MaxTokens, stop);
        var row = LedgerRowOf(id!);
        Assert.Equal(row.PromptTokens, startInput);
        Assert.Equal(row.PromptTokens, usage!.InputTokens);
        Assert.Equal(row.CompletionTokens, usage.OutputTokens);
        Assert.Equal(8, row.CompletionTokens);
    }

    [Fact]
    public async Task AToolIsCalledThenItsResultIsAnsweredInTheNextTurn()
    {
        using var client = Client(fx.Silo, fx.UserKey);
        var tool = new Tool { Name = "get_weather", Description = "Weather of a city", InputSchema = JsonSerializer.Deserialize<InputSchema>(WeatherSchema)! };
        MessageParam question = new UserMessageParam("Use get_weather for Lima");

        var first = await client.Messages.Create(new MessageCreateParams
        {
            Model = "demo-8b",
            MaxTokens = 64,
            Messages = [question],
            Tools = [tool],
            ToolChoice = new ToolChoiceAny(),
        });

        Assert.Equal(StopReason.ToolUse, first.StopReason!.Value());
        var call = Assert.IsType<ToolUseBlock>(Assert.Single(first.Content).Value);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(JsonValueKind.String, call.Input["city"].ValueKind);

        var second = await client.Messages.Create(AnswerTo(question, call, tool, "18 degrees, clear"));
        var longer = await client.Messages.Create(AnswerTo(question, call, tool, "18 degrees, clear, and the wind stays calm all day long"));

        var answer = Assert.IsType<TextBlock>(Assert.Single(second.Content).Value);
        Assert.NotEmpty(answer.Text);
        Assert.Equal(StopReason.MaxTokens, second.StopReason!.Value());
        Assert.Equal(UsageStatus.Success, LedgerRowOf(second.ID).Status);
        // The tool result reaches the node as a tool message: a longer result is a longer prompt.
        Assert.True(LedgerRowOf(longer.ID).PromptTokens > LedgerRowOf(second.ID).PromptTokens);
    }

    private static MessageCreateParams AnswerTo(MessageParam question, ToolUseBlock call, Tool tool, string result) => new()
    {
        Model = "demo-8b",
        MaxTokens = 5,
        Messages =
        [
            question,
            new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = call.ID, Name = call.Name, Input = call.Input } }),
            new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(call.ID) { Content = result } }),
        ],
        Tools = [tool],
        // NodeSim's auto choice calls the tools its last user text names, which is still the question here.
        ToolChoice = new ToolChoiceNone(),
    };

    [Fact]
    public async Task AStreamedToolCallArrivesAsInputJsonDeltasThatAssembleIntoItsInput()
    {
        using var client = Client(fx.Silo, fx.UserKey);
        var json = new StringBuilder();
        ToolUseBlock? started = null;
        StopReason? stop = null;

        await foreach (var evt in client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "demo-8b",
            MaxTokens = 64,
            Messages = [new UserMessageParam("get_weather for Oslo")],
            Tools = [new Tool { Name = "get_weather", InputSchema = JsonSerializer.Deserialize<InputSchema>(WeatherSchema)! }],
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
                    stop = delta.Delta.StopReason?.Value();
                    break;
            }
        }

        Assert.Equal("get_weather", started!.Name);
        Assert.StartsWith("chatcmpl-tool-", started.ID);
        using var input = JsonDocument.Parse(json.ToString());
        Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(StopReason.ToolUse, stop);
    }

    [Fact]
    public async Task CountTokensAnswersTheEstimateAdmissionUses()
    {
        using var client = Client(fx.Silo, fx.UserKey);
        const string body = """{"model":"demo-8b","system":"Be brief.","messages":[{"role":"user","content":"How many tokens is this question?"}]}""";
        var chat = MessagesRequestTranslator.Translate(Encoding.UTF8.GetBytes(body), requireMaxTokens: false, out _, out _)!;
        var expected = Gateway.OpenAi.InferenceRequestParser.Parse(chat, Gateway.OpenAi.InferenceKind.Chat, out _)!.EstimatedPromptTokens;

        var rowsBefore = fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Count;

        var counted = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "demo-8b",
            System = "Be brief.",
            Messages = [new UserMessageParam("How many tokens is this question?")],
        });

        Assert.Equal(expected, counted.InputTokens);
        // Counting reaches no node and bills nothing.
        Assert.Equal(rowsBefore, fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Count);
    }
}
