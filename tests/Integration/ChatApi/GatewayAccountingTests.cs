using System.Text;
using GatoLink.Gateway.OpenAi;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Integration.Tests.ChatApi;

/// <summary>The gateway's own reading of chat requests and chunks: token counting, prompt estimate, output reservation.</summary>
public sealed class GatewayAccountingTests
{
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather like in Paris today?\"}]";

    private static ChunkInfo Inspect(string json) => ChunkInspector.Inspect(Encoding.UTF8.GetBytes(json));

    private static ParsedRequest Parse(string body) =>
        InferenceRequestParser.Parse(Encoding.UTF8.GetBytes(body), InferenceKind.Chat, out var error) ?? throw new InvalidOperationException(error!.Message);

    [Theory]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"hi"}}]}""", 1)]
    [InlineData("""{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""", 0)]
    [InlineData("""{"choices":[{"index":1,"delta":{"tool_calls":[{"id":"call-1","type":"function","index":0,"function":{"name":"get_weather","arguments":""}}]}}]}""", 1)]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city"}}]}}]}""", 1)]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":""}}]}}]}""", 0)]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}},{"index":2,"delta":{"content":""}}]}""", 2)]
    [InlineData("""{"choices":[{"index":0,"text":" x","logprobs":{"tokens":[" x"],"token_logprobs":[-0.1]}}]}""", 1)]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning_content":"hmm"},"logprobs":{"content":[{"token":"hmm","logprob":-1,"bytes":[104],"top_logprobs":[]}]}}]}""", 1)]
    public void EveryChoiceThatCarriesAGeneratedTokenCounts(string chunk, int tokens)
    {
        var info = Inspect(chunk);

        Assert.True(info.HasChoices);
        Assert.Equal(tokens, info.TokenChoices);
    }

    [Fact]
    public void UsageIsReadAfterChoicesWithToolCalls()
    {
        var info = Inspect("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1"}}]}}],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""");

        Assert.Equal(1, info.TokenChoices);
        Assert.True(info.HasUsage);
        Assert.Equal(9, info.PromptTokens);
        Assert.Equal(4, info.CompletionTokens);
    }

    [Fact]
    public void PromptEstimateCountsToolDefinitionsAndTheResponseSchema()
    {
        const string tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":" + ChatTools.WeatherSchema + "}}]";
        const string format = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":" + ChatTools.PersonSchema + "}}";

        var plain = Parse("{\"model\":\"m\"," + Messages + "}").EstimatedPromptTokens;
        var withTools = Parse("{\"model\":\"m\"," + Messages + "," + tools + "}");
        var withBoth = Parse("{\"model\":\"m\"," + tools + "," + Messages + "," + format + "}");

        Assert.Equal(Encoding.UTF8.GetByteCount(tools[8..]), withTools.SchemaChars);
        Assert.True(withTools.EstimatedPromptTokens >= plain + (ChatTools.WeatherSchema.Length / 4));
        Assert.True(withBoth.EstimatedPromptTokens >= withTools.EstimatedPromptTokens + (ChatTools.PersonSchema.Length / 4));
    }

    [Theory]
    [InlineData(",\"max_tokens\":100", 100)]
    [InlineData(",\"max_tokens\":100,\"n\":3", 300)]
    [InlineData(",\"n\":4", 4 * 512)]
    [InlineData(",\"max_completion_tokens\":10,\"n\":2", 20)]
    [InlineData(",\"max_tokens\":10,\"n\":0", 10)]
    public void AdmissionReservesMaxTokensForEveryChoice(string fields, int reserved)
    {
        var parsed = Parse("{\"model\":\"m\"," + Messages + fields + "}");

        Assert.Equal(reserved, parsed.OutputReserve(defaultMaxTokens: 512) ?? 512);
    }

    [Fact]
    public void ABudgetCapOnTheReservationIsSharedByTheChoices()
    {
        var parsed = Parse("{\"model\":\"m\"," + Messages + ",\"max_tokens\":100,\"n\":3}");

        Assert.Equal(40, parsed.PerChoiceCap(120));
        Assert.Equal(1, parsed.PerChoiceCap(2));
        Assert.Null(parsed.PerChoiceCap(null));
    }

    [Fact]
    public void AnNThatIsNotANumberIsPassedOverWholeAndCountsOneChoice()
    {
        // Its inner fields are not the request's: the model stays the top-level one.
        var parsed = Parse("""{"model":"demo-8b","n":{"model":"other-model","n":5},"max_tokens":7,""" + Messages + "}");

        Assert.Equal("demo-8b", parsed.Model);
        Assert.Equal(1, parsed.Choices);
        Assert.Equal(7, parsed.MaxTokens);
    }
}
