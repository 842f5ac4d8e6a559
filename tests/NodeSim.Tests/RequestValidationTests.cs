using System.Net;
using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

/// <summary>Values vLLM refuses get its 400 and message, in the OpenAI error shape.</summary>
public sealed class RequestValidationTests(InstantServerFixture fixture) : IClassFixture<InstantServerFixture>
{
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private const string Tool = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]";
    private const string CorrectUsage = "Correct usage: `{\"type\": \"function\", \"function\": {\"name\": \"my_function\"}}`";

    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, string, string> Refused => new()
    {
        { "\"n\":0", "n must be at least 1, got 0.", "n" },
        { "\"temperature\":-0.5", "temperature must be non-negative, got -0.5.", "temperature" },
        { "\"top_p\":0", "top_p must be in (0, 1], got 0.", "top_p" },
        { "\"top_p\":1.5", "top_p must be in (0, 1], got 1.5.", "top_p" },
        { "\"top_logprobs\":2", "when using `top_logprobs`, `logprobs` must be set to true.", "top_logprobs" },
        { "\"logprobs\":true,\"top_logprobs\":-1", "`top_logprobs` must be a positive value.", "top_logprobs" },
        { "\"logprobs\":true,\"top_logprobs\":21", "Requested sample logprobs of 21, which is greater than max allowed: 20", "top_logprobs" },
        { "\"stop\":5", "stop must be a string or a list of strings.", "stop" },
        { "\"tool_choice\":\"required\"", "When using `tool_choice`, `tools` must be set.", "tool_choice" },
        { Tool + ",\"tool_choice\":\"sometimes\"", "Invalid value for `tool_choice`: sometimes! Only named tools, \"none\", \"auto\" or \"required\" are supported.", "tool_choice" },
        { Tool + ",\"tool_choice\":{\"type\":\"function\"}", "Invalid value for `function`: `None` in `tool_choice`! " + CorrectUsage, "tool_choice" },
        { Tool + ",\"tool_choice\":{\"type\":\"function\",\"function\":{}}", "Expected field `name` in `function` in `tool_choice`! " + CorrectUsage, "tool_choice" },
        { Tool + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}", "The tool specified in `tool_choice` does not match any of the specified `tools`", "tool_choice" },
        { "\"tools\":[{\"type\":\"function\"}]", "Each tool must be {\"type\": \"function\", \"function\": {\"name\": ..., \"parameters\": {...}}}.", "tools" },
        { "\"response_format\":{\"type\":\"xml\"}", "Invalid response_format type 'xml': only 'text', 'json_object' and 'json_schema' are supported.", "response_format" },
        { "\"response_format\":{\"type\":\"json_schema\"}", "response_format of type `json_schema` needs a `json_schema` object.", "response_format" },
        { "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"$ref\":\"#/$defs/missing\"}}}", "Unresolvable $ref '#/$defs/missing' in the JSON schema.", "response_format" },
        { "\"tool_choice\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"$ref\":\"#/$defs/x\"}}}]", "Unresolvable $ref '#/$defs/x' in the JSON schema.", "tools" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task RefusedValuesGetVllmMessages(string fields, string message, string param)
    {
        using var response = await _client.PostAsync("/v1/chat/completions", SimHttp.Json("{" + Messages + "," + fields + "}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal("BadRequestError", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(400, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task CompletionLogprobsAboveTheMaximumAreRefused()
    {
        using var response = await _client.PostAsync("/v1/completions", SimHttp.Json("""{"prompt":"x","logprobs":21}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Requested sample logprobs of 21, which is greater than max allowed: 20", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ManyStopStringsAreAcceptedAsVllmSetsNoLimit()
    {
        var root = await SimHttp.PostForJsonAsync(_client, "/v1/chat/completions",
            "{" + Messages + ",\"max_tokens\":2,\"stop\":[\"q1\",\"q2\",\"q3\",\"q4\",\"q5\",\"q6\"]}");

        Assert.Equal(2, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
