using System.Text;
using System.Text.Json;
using GatoLink.Integration.Tests.DataPlane;
using GatoLink.NodeSim;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.ChatApi;

/// <summary>
/// Tools, JSON mode and schema, stop and logprobs through the gateway, read back with the official OpenAI .NET
/// SDK's own types. (The .NET SDK does not expose <c>n</c>; <see cref="ChoicesAndBillingTests"/> covers it over HTTP.)
/// </summary>
public sealed class OpenAiSdkChatTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    private ChatClient Chat => fx.Silo.OpenAi(fx.UserKey).GetChatClient("demo-8b");

    [Fact]
    public async Task RequiredToolChoiceReturnsAToolCallWithSchemaValidArguments()
    {
        var completion = (await Chat.CompleteChatAsync([new UserChatMessage("Use get_weather for Lima")], ChatTools.With(ChatToolChoice.CreateRequiredChoice()))).Value;

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.StartsWith("chatcmpl-tool-", call.Id);
        AssertWeatherArguments(call.FunctionArguments.ToString());
        Assert.Equal(SimTokenizer.CountTokens(call.FunctionArguments.ToString()), completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task NamedFunctionChoiceCallsThatFunction()
    {
        var completion = (await Chat.CompleteChatAsync([new UserChatMessage("weather, but tell me the time")], ChatTools.With(ChatToolChoice.CreateFunctionChoice("get_time")))).Value;

        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_time", call.FunctionName);
        using var args = JsonDocument.Parse(call.FunctionArguments);
        Assert.Equal(JsonValueKind.String, args.RootElement.GetProperty("zone").ValueKind);
    }

    [Fact]
    public async Task AutoCallsTheMentionedToolsAndWritesTextOtherwise()
    {
        var calls = (await Chat.CompleteChatAsync([new UserChatMessage("call get_time and get weather")], ChatTools.With(ChatToolChoice.CreateAutoChoice()))).Value;
        Assert.Equal(["get_weather", "get_time"], calls.ToolCalls.Select(c => c.FunctionName));

        var text = (await Chat.CompleteChatAsync([new UserChatMessage("just talk")], ChatTools.With(ChatToolChoice.CreateAutoChoice(), maxTokens: 5))).Value;
        Assert.Empty(text.ToolCalls);
        Assert.Equal(5, text.Content[0].Text.Split(' ').Length);
    }

    [Theory]
    [InlineData("required")]
    [InlineData("auto")]
    [InlineData("named")]
    public async Task StreamedToolCallsAssembleFromTheSdkUpdates(string choice)
    {
        var toolChoice = choice switch
        {
            "required" => ChatToolChoice.CreateRequiredChoice(),
            "auto" => ChatToolChoice.CreateAutoChoice(),
            _ => ChatToolChoice.CreateFunctionChoice("get_weather"),
        };
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;

        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage("get_weather for Oslo")], ChatTools.With(toolChoice)))
        {
            foreach (StreamingChatToolCallUpdate part in update.ToolCallUpdates)
            {
                if (part.ToolCallId is { } id)
                {
                    ids[part.Index] = id;
                    names[part.Index] = part.FunctionName;
                }

                (arguments.TryGetValue(part.Index, out var sb) ? sb : arguments[part.Index] = new StringBuilder()).Append(part.FunctionArgumentsUpdate.ToString());
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal([0], ids.Keys);
        Assert.StartsWith("chatcmpl-tool-", ids[0]);
        Assert.Equal("get_weather", names[0]);
        AssertWeatherArguments(arguments[0].ToString());
        Assert.Equal(SimTokenizer.CountTokens(arguments[0].ToString()), usage!.OutputTokenCount);
    }

    [Fact]
    public async Task JsonModeAnswersWithAJsonObject()
    {
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };

        var completion = (await Chat.CompleteChatAsync([new UserChatMessage("answer in JSON")], options)).Value;

        using var doc = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task JsonSchemaAnswersParseIntoTheSchemaShapeStreamedAndNot()
    {
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(ChatTools.PersonSchema), jsonSchemaIsStrict: true),
        };
        var whole = (await Chat.CompleteChatAsync([new UserChatMessage("a person")], options)).Value.Content[0].Text;
        var streamed = new StringBuilder();
        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage("a person")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        foreach (var json in new[] { whole, streamed.ToString() })
        {
            var person = JsonSerializer.Deserialize<Person>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow })!;
            Assert.InRange(person.Name.Length, 0, 16);
            Assert.InRange(person.Age, 0, 120);
            Assert.InRange(person.Tags.Length, 1, 3);
        }
    }

    [Fact]
    public async Task StopSequenceEndsTheAnswerBeforeIt()
    {
        // Greedy, so both requests get the same text whichever node serves them.
        var free = (await Chat.CompleteChatAsync([new UserChatMessage("stop test")], new ChatCompletionOptions { MaxOutputTokenCount = 30, Temperature = 0 })).Value.Content[0].Text;
        var stop = " " + free.Split(' ')[4];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 30, Temperature = 0 };
        options.StopSequences.Add(stop);

        var completion = (await Chat.CompleteChatAsync([new UserChatMessage("stop test")], options)).Value;

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], completion.Content[0].Text);
    }

    [Fact]
    public async Task LogprobsArePresentOnEveryTokenStreamedAndNot()
    {
        var options = new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 2, MaxOutputTokenCount = 5 };

        var completion = (await Chat.CompleteChatAsync([new UserChatMessage("logprobs")], options)).Value;
        Assert.Equal(5, completion.ContentTokenLogProbabilities.Count);
        Assert.All(completion.ContentTokenLogProbabilities, lp =>
        {
            Assert.True(lp.LogProbability <= 0);
            Assert.Equal(Encoding.UTF8.GetBytes(lp.Token), lp.Utf8Bytes?.ToArray());
            Assert.Equal(2, lp.TopLogProbabilities.Count);
        });
        Assert.Equal(completion.Content[0].Text, string.Concat(completion.ContentTokenLogProbabilities.Select(l => l.Token)));

        var streamed = 0;
        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage("logprobs")], options))
        {
            streamed += update.ContentTokenLogProbabilities.Count;
        }

        Assert.Equal(5, streamed);
    }

    private static void AssertWeatherArguments(string arguments)
    {
        using var doc = JsonDocument.Parse(arguments);
        var city = doc.RootElement.GetProperty("city").GetString()!;
        Assert.InRange(city.Length, 2, 20);
        Assert.Contains(doc.RootElement.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });
    }

    private sealed record Person(string Name, int Age, string[] Tags);
}
