using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

/// <summary><c>tools</c> with each <c>tool_choice</c>, streamed as vLLM streams them, and <c>parallel_tool_calls</c>.</summary>
public sealed class ToolCallTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    internal const string WeatherSchema =
        """{"type":"object","properties":{"city":{"type":"string","minLength":2,"maxLength":20},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city","unit"]}""";

    internal const string TimeSchema = """{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}""";

    internal static readonly string Tools =
        $$$"""[{"type":"function","function":{"name":"get_weather","parameters":{{{WeatherSchema}}}}},{"type":"function","function":{"name":"get_time","parameters":{{{TimeSchema}}}}}]""";

    private readonly HttpClient _client = fixture.Client;

    internal static string Body(string content, string toolChoice, string extra = "") =>
        $$"""{"model":"demo-8b","messages":[{"role":"user","content":"{{content}}"}],"tools":{{Tools}},"tool_choice":{{toolChoice}}{{extra}}}""";

    [Fact]
    public async Task RequiredCallsAToolWithArgumentsValidAgainstItsSchema()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("what is the weather in Paris?", "\"required\""));

        var choice = root.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.StartsWith("chatcmpl-tool-", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        var arguments = call.GetProperty("function").GetProperty("arguments").GetString()!;
        JsonSchemaAssert.Valid(arguments, WeatherSchema);
        Assert.Equal(SimTokenizer.CountTokens(arguments), root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task RequiredWithoutAMentionStillCallsOneTool()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("hello there", "\"required\""));

        var call = Assert.Single(root.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").EnumerateArray());
        Assert.Contains(call.GetProperty("function").GetProperty("name").GetString(), new[] { "get_weather", "get_time" });
    }

    [Fact]
    public async Task NamedFunctionIsTheOneCalled()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions",
            Body("weather please", """{"type":"function","function":{"name":"get_time"}}"""));

        var call = Assert.Single(root.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("get_time", call.GetProperty("function").GetProperty("name").GetString());
        JsonSchemaAssert.Valid(call.GetProperty("function").GetProperty("arguments").GetString()!, TimeSchema);
    }

    [Fact]
    public async Task AutoCallsTheToolsTheLastUserMessageNamesAndOtherwiseWrites()
    {
        var both = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("use get time and get_weather", "\"auto\""));
        var calls = both.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").EnumerateArray()
            .Select(c => c.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Equal(["get_weather", "get_time"], calls); // in the order of `tools`

        var text = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("just chat with me", "\"auto\"", ""","max_tokens":5"""));
        var message = text.GetProperty("choices")[0].GetProperty("message");
        Assert.Empty(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(5, message.GetProperty("content").GetString()!.Split(' ').Length);
    }

    [Fact]
    public async Task ParallelToolCallsFalseMakesAtMostOneCall()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions",
            Body("use get time and get_weather", "\"auto\"", ""","parallel_tool_calls":false"""));

        var call = Assert.Single(root.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ToolChoiceNoneIgnoresTheTools()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("get_weather now", "\"none\"", ""","max_tokens":3"""));

        Assert.Equal("length", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Empty(root.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").EnumerateArray());
    }

    [Fact]
    public async Task StreamedCallSendsIdAndNameFirstThenArgumentsInPieces()
    {
        var events = await SimHttp.PostForEventsAsync(_client, "/v1/chat/completions",
            Body("get_weather and get_time", "\"required\"", ""","stream":true,"stream_options":{"include_usage":true}"""));

        var deltas = events.Where(e => e.GetProperty("choices").GetArrayLength() > 0)
            .Select(e => e.GetProperty("choices")[0]).Skip(1).ToList(); // after the role chunk
        var calls = deltas.Select(d => Assert.Single(d.GetProperty("delta").GetProperty("tool_calls").EnumerateArray())).ToList();
        var byIndex = calls.GroupBy(c => c.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(2, byIndex.Count);
        var totalTokens = 0;
        foreach (var call in byIndex)
        {
            var first = call.First();
            Assert.StartsWith("chatcmpl-tool-", first.GetProperty("id").GetString());
            Assert.Equal("function", first.GetProperty("type").GetString());
            Assert.True(first.GetProperty("function").TryGetProperty("name", out _));
            Assert.All(call.Skip(1), c =>
            {
                Assert.False(c.TryGetProperty("id", out _));
                Assert.False(c.GetProperty("function").TryGetProperty("name", out _));
            });
            var arguments = string.Concat(call.Select(c => c.GetProperty("function").GetProperty("arguments").GetString()));
            var schema = first.GetProperty("function").GetProperty("name").GetString() == "get_weather" ? WeatherSchema : TimeSchema;
            JsonSchemaAssert.Valid(arguments, schema);
            Assert.Equal(SimTokenizer.CountTokens(arguments), call.Count());
            totalTokens += call.Count();
        }

        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
        Assert.Equal(totalTokens, events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task MaxTokensCutsArgumentsWithFinishLength()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("get_weather", "\"required\"", ""","max_tokens":4"""));

        var choice = root.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var arguments = choice.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!;
        Assert.Equal(4, SimTokenizer.CountTokens(arguments));
    }

    [Fact]
    public async Task ToolDefinitionsCountAsPromptTokens()
    {
        var plain = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":1}""");
        var tooled = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("hi", "\"auto\"", ""","max_tokens":1"""));

        var added = tooled.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() - plain.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        Assert.Equal(SimTokenizer.CountTokens(Tools), added);
    }

    [Fact]
    public async Task EveryChoiceOfAnNRequestCallsTheTool()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions", Body("get_weather", "\"required\"", ""","n":3"""));

        var choices = root.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(3, choices.Count);
        var tokens = 0;
        foreach (var choice in choices)
        {
            var arguments = Assert.Single(choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray()).GetProperty("function").GetProperty("arguments").GetString()!;
            JsonSchemaAssert.Valid(arguments, WeatherSchema);
            tokens += SimTokenizer.CountTokens(arguments);
        }

        Assert.Equal(tokens, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
