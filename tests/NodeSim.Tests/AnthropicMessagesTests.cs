using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;

namespace GatoLink.NodeSim.Tests;

/// <summary>NodeSim in Anthropic mode driven by the official Anthropic .NET SDK: text, streaming, tools, stop sequences.</summary>
public sealed class AnthropicMessagesTests
{
    private static readonly string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    private static MessageCreateParams Ask(string text, int maxTokens) => new()
    {
        Model = "claude-sim",
        MaxTokens = maxTokens,
        System = "You are terse.",
        Messages = [new UserMessageParam(text)],
    };

    [Fact]
    public async Task AMessageHasOneTextBlockMaxTokensStopAndTheUsageOfItsPromptAndOutput()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);

        var message = await sdk.Messages.Create(Ask("Say hello", 7));

        Assert.StartsWith("msg_", message.ID);
        Assert.Equal("claude-sim", message.Model.Raw());
        var text = Assert.IsType<TextBlock>(Assert.Single(message.Content).Value);
        Assert.Equal(7, text.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(7, message.Usage.OutputTokens);
        var prompt = SimTokenizer.CountChatTokens([new("system", "You are terse."), new("user", "Say hello")]);
        Assert.Equal(prompt, message.Usage.InputTokens);
        Assert.Equal(prompt, server.Engine.PromptTokensTotal);
        Assert.Equal(7, server.Engine.GenerationTokensTotal);
    }

    [Fact]
    public async Task AStreamFollowsAnthropicsEventSequenceAndSaysWhatTheMessageSays()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);
        var whole = await sdk.Messages.Create(Ask("Stream please", 5));
        var kinds = new List<string>();
        var text = new StringBuilder();
        long input = -1;
        MessageDeltaUsage? usage = null;
        StopReason? stop = null;

        await foreach (var evt in sdk.Messages.CreateStreaming(Ask("Stream please", 5)))
        {
            switch (evt.Value)
            {
                case RawMessageStartEvent start:
                    kinds.Add("message_start");
                    input = start.Message.Usage.InputTokens;
                    break;
                case RawContentBlockStartEvent { ContentBlock.Value: TextBlock }:
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

        Assert.Equal(["message_start", "content_block_start", .. Enumerable.Repeat("text_delta", 5), "content_block_stop", "message_delta", "message_stop"], kinds);
        Assert.Equal(Assert.IsType<TextBlock>(Assert.Single(whole.Content).Value).Text, text.ToString());
        Assert.Equal(whole.Usage.InputTokens, input);
        Assert.Equal(5, usage!.OutputTokens);
        Assert.Equal(StopReason.MaxTokens, stop);
    }

    [Fact]
    public async Task TheRawStreamHasAPingAfterTheFirstBlockStartAndCumulativeUsageInMessageDelta()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var client = SimHttp.Client(server);
        using var response = await AnthropicSim.PostAsync(client, """{"model":"claude-sim","max_tokens":3,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", stream: true);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single());
        var events = await AnthropicSim.ReadEventsAsync(response);
        Assert.Equal(
            ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Event));
        var start = events[0].Data.GetProperty("message");
        Assert.Equal(0, start.GetProperty("content").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, start.GetProperty("stop_reason").ValueKind);
        var delta = events[^2].Data;
        Assert.Equal("max_tokens", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(3, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task ANamedToolIsCalledWithAToolUseBlockWhoseInputFitsItsSchema()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);
        var tool = new Tool { Name = "get_weather", Description = "Weather of a city", InputSchema = JsonSerializer.Deserialize<InputSchema>(WeatherSchema)! };

        var message = await sdk.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sim",
            MaxTokens = 64,
            Messages = [new UserMessageParam("What is the weather in Lima?")],
            Tools = [tool],
            ToolChoice = new ToolChoiceTool { Name = "get_weather" },
        });

        Assert.Equal(StopReason.ToolUse, message.StopReason!.Value());
        var call = Assert.IsType<ToolUseBlock>(Assert.Single(message.Content).Value);
        Assert.StartsWith("toolu_", call.ID);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(JsonValueKind.String, call.Input["city"].ValueKind);
        Assert.Equal(SimTokenizer.CountTokens(JsonSerializer.Serialize(call.Input)), message.Usage.OutputTokens);
    }

    [Fact]
    public async Task AStreamedToolCallArrivesAsInputJsonDeltasOfItsOwnBlock()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);
        var json = new StringBuilder();
        ToolUseBlock? started = null;
        StopReason? stop = null;
        long deltas = 0;
        long? output = null;

        await foreach (var evt in sdk.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "claude-sim",
            MaxTokens = 64,
            Messages = [new UserMessageParam("get weather for Oslo")],
            Tools = [new Tool { Name = "get_weather", InputSchema = JsonSerializer.Deserialize<InputSchema>(WeatherSchema)! }],
            ToolChoice = new ToolChoiceAny(),
        }))
        {
            switch (evt.Value)
            {
                case RawContentBlockStartEvent { ContentBlock.Value: ToolUseBlock block }:
                    started = block;
                    break;
                case RawContentBlockDeltaEvent { Delta.Value: InputJsonDelta delta }:
                    deltas++;
                    json.Append(delta.PartialJson);
                    break;
                case RawMessageDeltaEvent delta:
                    stop = delta.Delta.StopReason?.Value();
                    output = delta.Usage.OutputTokens;
                    break;
            }
        }

        Assert.Equal("get_weather", started!.Name);
        Assert.StartsWith("toolu_", started.ID);
        using var input = JsonDocument.Parse(json.ToString());
        Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(StopReason.ToolUse, stop);
        Assert.Equal(deltas, output);
    }

    [Fact]
    public async Task AStopSequenceEndsTheTextBeforeItAndIsReported()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);
        var free = Assert.IsType<TextBlock>(Assert.Single((await sdk.Messages.Create(Ask("Tell me more", 12))).Content).Value).Text;
        var words = free.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stopWord = " " + words[4];
        var expected = free[..free.IndexOf(stopWord, StringComparison.Ordinal)];

        var stopped = await sdk.Messages.Create(Ask("Tell me more", 12) with { StopSequences = [stopWord] });

        Assert.Equal(expected, Assert.IsType<TextBlock>(Assert.Single(stopped.Content).Value).Text);
        Assert.Equal(StopReason.StopSequence, stopped.StopReason!.Value());
        Assert.Equal(stopWord, stopped.StopSequence);
        Assert.True(stopped.Usage.OutputTokens < 12);
    }

    [Fact]
    public async Task ToolDefinitionsAndToolResultsCountAsInputTokens()
    {
        await using var server = await AnthropicSim.StartAsync();
        using var sdk = AnthropicSim.Sdk(server);
        var tool = new Tool { Name = "get_weather", InputSchema = JsonSerializer.Deserialize<InputSchema>(WeatherSchema)! };
        MessageCreateParams Turn(string result) => new()
        {
            Model = "claude-sim",
            MaxTokens = 2,
            Messages =
            [
                new UserMessageParam("weather in Lima"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = "toolu_1", Name = "get_weather", Input = new Dictionary<string, JsonElement> { ["city"] = JsonSerializer.SerializeToElement("Lima") } } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam("toolu_1") { Content = result } }),
            ],
            Tools = [tool],
            ToolChoice = new ToolChoiceNone(),
        };

        var plain = await sdk.Messages.Create(Ask("weather in Lima", 2));
        var shortResult = await sdk.Messages.Create(Turn("18 degrees"));
        var longResult = await sdk.Messages.Create(Turn("18 degrees and clear, with a calm wind all day long"));

        Assert.True(shortResult.Usage.InputTokens > plain.Usage.InputTokens);
        Assert.Equal(SimTokenizer.CountTokens("and clear, with a calm wind all day long"), longResult.Usage.InputTokens - shortResult.Usage.InputTokens);
    }
}
