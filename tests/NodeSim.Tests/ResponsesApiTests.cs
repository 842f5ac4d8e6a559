using System.Net;
using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

/// <summary>
/// <c>POST /v1/responses</c> as vLLM serves it without a response store: the response object, the typed event stream
/// with <c>sequence_number</c>, usage, function tools, and vLLM's refusals.
/// </summary>
public sealed class ResponsesApiTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    private const string WeatherTool =
        $$"""[{"type":"function","name":"get_weather","parameters":{{ToolCallTests.WeatherSchema}}}]""";

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task AWholeResponseHasVllmsShapeAndUsageCountsThePromptAndTheOutput()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/responses", """{"model":"demo-8b","input":"Tell me a story","instructions":"Be brief","max_output_tokens":7,"metadata":{"k":"v"}}""");

        Assert.StartsWith("resp_", root.GetProperty("id").GetString());
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("incomplete", root.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", root.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("Be brief", root.GetProperty("instructions").GetString());
        Assert.Equal(7, root.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("v", root.GetProperty("metadata").GetProperty("k").GetString());
        Assert.False(root.TryGetProperty("store", out _));
        var message = Assert.Single(root.GetProperty("output").EnumerateArray());
        Assert.StartsWith("msg_", message.GetProperty("id").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        var text = message.GetProperty("content")[0].GetProperty("text").GetString()!;
        var usage = root.GetProperty("usage");
        Assert.Equal(7, usage.GetProperty("output_tokens").GetInt32());
        Assert.False(string.IsNullOrEmpty(text));
        var expectedPrompt = new List<int>();
        SimTokenizer.TokenizeChat([new SimChatMessage("system", "Be brief"), new SimChatMessage("user", "Tell me a story")], addGenerationPrompt: true, expectedPrompt);
        Assert.Equal(expectedPrompt.Count, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(expectedPrompt.Count + 7, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task AStreamIsNumberedFromZeroAndEndsWithTheCompletedResponse()
    {
        var events = await PostForEventsAsync("""{"model":"demo-8b","input":"hi","max_output_tokens":4,"stream":true}""");

        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.All(events, e => Assert.Equal(e.Type, e.Data.GetProperty("type").GetString()));
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"],
            events.Select(e => e.Type));
        var deltas = string.Concat(events.Where(e => e.Type == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.Equal(deltas, events.Single(e => e.Type == "response.output_text.done").Data.GetProperty("text").GetString());
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal(events[0].Data.GetProperty("response").GetProperty("id").GetString(), completed.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, events[0].Data.GetProperty("response").GetProperty("usage").ValueKind);
        Assert.Equal(4, completed.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal("incomplete", completed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AFunctionToolIsCalledAndItsOutputAnsweredInTheNextTurn()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/responses",
            $$"""{"model":"demo-8b","input":"what is the weather in Paris?","tools":{{WeatherTool}},"tool_choice":"required"}""");
        var call = Assert.Single(root.GetProperty("output").EnumerateArray());
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.StartsWith("fc_", call.GetProperty("id").GetString());
        Assert.StartsWith("call_", call.GetProperty("call_id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        JsonSchemaAssert.Valid(call.GetProperty("arguments").GetString()!, ToolCallTests.WeatherSchema);

        var next = await SimHttp.PostForJsonAsync(_client, "/v1/responses",
            $$"""{"model":"demo-8b","max_output_tokens":5,"tools":{{WeatherTool}},"tool_choice":"none","input":[{"role":"user","content":"what is the weather in Paris?"},{{call.GetRawText()}},{"type":"function_call_output","call_id":"{{call.GetProperty("call_id").GetString()}}","output":"sunny"}]}""");
        Assert.Equal("message", Assert.Single(next.GetProperty("output").EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AStreamedCallSendsItsArgumentsInDeltas()
    {
        var events = await PostForEventsAsync($$"""{"model":"demo-8b","input":"call get_weather for Rome","tools":{{WeatherTool}},"stream":true}""");

        var added = events.Single(e => e.Type == "response.output_item.added").Data.GetProperty("item");
        Assert.Equal("function_call", added.GetProperty("type").GetString());
        var arguments = string.Concat(events.Where(e => e.Type == "response.function_call_arguments.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.Equal(arguments, events.Single(e => e.Type == "response.function_call_arguments.done").Data.GetProperty("arguments").GetString());
        Assert.Equal(events.Count(e => e.Type == "response.function_call_arguments.delta"), events[^1].Data.GetProperty("response").GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"demo-8b","input":"hi","previous_response_id":"resp_x"}""", HttpStatusCode.NotFound, "response_id", "invalid_request_error")]
    [InlineData("""{"model":"demo-8b","input":"hi","background":true}""", HttpStatusCode.BadRequest, "background", "invalid_request_error")]
    [InlineData("""{"model":"nope","input":"hi"}""", HttpStatusCode.NotFound, "model", "NotFoundError")]
    [InlineData("""{"model":"demo-8b"}""", HttpStatusCode.BadRequest, "input", "BadRequestError")]
    [InlineData("""{"model":"demo-8b","input":[{"type":"item_reference","id":"x"}]}""", HttpStatusCode.BadRequest, "input", "BadRequestError")]
    [InlineData("""{"model":"demo-8b","input":"hi","text":{"format":{"type":"json_object"}}}""", HttpStatusCode.BadRequest, null, "BadRequestError")]
    public async Task BadInputIsRefusedInVllmsErrorShape(string body, HttpStatusCode status, string? param, string type)
    {
        using var response = await _client.PostAsync("/v1/responses", SimHttp.Json(body));

        Assert.Equal(status, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    private async Task<List<(string Type, JsonElement Data)>> PostForEventsAsync(string body)
    {
        using var response = await SimHttp.PostStreamAsync(_client, "/v1/responses", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.NotEqual("data: [DONE]", line);
                events.Add((type!, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
            }
        }

        return events;
    }
}
