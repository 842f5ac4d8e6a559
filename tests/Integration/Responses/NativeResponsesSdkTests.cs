#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.Net;
using System.Text;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// The official OpenAI SDK's Responses client through GatoLink to a node that serves <c>/v1/responses</c> itself (NodeSim
/// as vLLM): the request passed through natively (the node's own response object and events, under GatoLink's id),
/// usage equal to the ledger row, a tools round trip, and GatoLink's own store and <c>previous_response_id</c>.
/// </summary>
public sealed class NativeResponsesSdkTests(NativeResponsesFixture fx) : IClassFixture<NativeResponsesFixture>
{
    private static readonly BinaryData WeatherSchema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    [Fact]
    public async Task ATextResponseIsTheNodesOwnUnderGatoLinksIdWithTheLedgersUsage()
    {
        using var http = fx.Silo.Http(fx.UserKey);
        var before = fx.Nodes.Servers[0].Engine.RequestsReceived;

        using var answer = await http.PostAsync("v1/responses", new StringContent("""{"model":"demo","instructions":"Be terse.","input":"Say hello","max_output_tokens":6}""", Encoding.UTF8, "application/json"));
        var text = await answer.Content.ReadAsStringAsync();
        ResponseResult viaSdk = await ResponsesSdkTests.Client(fx.Silo, fx.UserKey).CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("Say hello")]) { MaxOutputTokenCount = 6 });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        var id = root.GetProperty("id").GetString()!;
        Assert.Equal("resp_" + answer.Headers.GetValues("x-request-id").Single()["req_".Length..], id);
        // vLLM's own object: its fields (background, service_tier) and its item ids, not GatoLink's translation.
        Assert.False(root.GetProperty("background").GetBoolean());
        Assert.Equal("auto", root.GetProperty("service_tier").GetString());
        Assert.Matches("^msg_[0-9a-f]{32}$", root.GetProperty("output")[0].GetProperty("id").GetString());
        // GatoLink's: the client's model name and GatoLink's store.
        Assert.Equal("demo", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("store").GetBoolean());
        var row = fx.LedgerRowOf(id);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(row.PromptTokens, root.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(6, row.CompletionTokens);
        Assert.Equal(row.CompletionTokens, root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(before + 2, fx.Nodes.Servers[0].Engine.RequestsReceived);
        Assert.Equal(ResponseStatus.Incomplete, viaSdk.Status);
        Assert.Equal(fx.LedgerRowOf(viaSdk.Id).PromptTokens, viaSdk.Usage.InputTokenCount);
        Assert.False(string.IsNullOrWhiteSpace(viaSdk.GetOutputText()));
    }

    [Fact]
    public async Task AStreamIsTheNodesEventsNumberedFromZeroEndingWithTheCompletedResponse()
    {
        var client = ResponsesSdkTests.Client(fx.Silo, fx.UserKey);
        var sequence = new List<int>();
        var deltas = new StringBuilder();
        string? createdId = null;
        ResponseResult? completed = null;

        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("Stream please")]) { MaxOutputTokenCount = 8, StreamingEnabled = true }))
        {
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseCreatedUpdate created:
                    createdId = created.Response.Id;
                    break;
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate end:
                    completed = end.Response;
                    break;
            }
        }

        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        Assert.NotNull(completed);
        Assert.Equal(createdId, completed.Id);
        Assert.Equal(deltas.ToString(), completed.GetOutputText());
        var row = fx.LedgerRowOf(completed.Id);
        Assert.Equal(8, row.CompletionTokens);
        Assert.Equal(row.CompletionTokens, completed.Usage.OutputTokenCount);
        Assert.Equal(row.PromptTokens, completed.Usage.InputTokenCount);
        ResponseResult stored = await client.GetResponseAsync(completed.Id);
        Assert.Equal(completed.GetOutputText(), stored.GetOutputText());
    }

    [Fact]
    public async Task AFunctionCallRoundTripsThroughTheNode()
    {
        var client = ResponsesSdkTests.Client(fx.Silo, fx.UserKey);
        var tool = ResponseTool.CreateFunctionTool("get_weather", WeatherSchema, strictModeEnabled: false, "Weather of a city");
        var question = ResponseItem.CreateUserMessageItem("get_weather for Oslo");

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [question]) { Tools = { tool }, ToolChoice = ResponseToolChoice.CreateRequiredChoice() });
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        ResponseResult Answer(string result) => client.CreateResponse(new CreateResponseOptions("demo-8b",
            [question, ResponseItem.CreateFunctionCallItem(call.CallId, call.FunctionName, call.FunctionArguments), ResponseItem.CreateFunctionCallOutputItem(call.CallId, result)])
        {
            Tools = { tool },
            ToolChoice = ResponseToolChoice.CreateNoneChoice(),
            MaxOutputTokenCount = 5,
        });
        var second = Answer("18 degrees, clear");
        var longer = Answer("18 degrees, clear, and the wind stays calm all day long");

        Assert.Equal("get_weather", call.FunctionName);
        Assert.StartsWith("call_", call.CallId);
        using (var arguments = JsonDocument.Parse(call.FunctionArguments.ToString()))
        {
            Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
        }

        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(second.OutputItems));
        Assert.True(longer.Usage.InputTokenCount > second.Usage.InputTokenCount, $"{longer.Usage.InputTokenCount} vs {second.Usage.InputTokenCount}");
        Assert.Equal(fx.LedgerRowOf(second.Id).PromptTokens, second.Usage.InputTokenCount);
    }

    [Fact]
    public async Task APreviousResponseIdIsExpandedByGatoLinkForTheNode()
    {
        var client = ResponsesSdkTests.Client(fx.Silo, fx.UserKey);
        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("My name is Ada and I like long walks")]) { MaxOutputTokenCount = 5 });

        ResponseResult continued = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id, MaxOutputTokenCount = 4 });
        ResponseResult explicitly = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b",
            [ResponseItem.CreateUserMessageItem("My name is Ada and I like long walks"), ResponseItem.CreateAssistantMessageItem(first.GetOutputText()), ResponseItem.CreateUserMessageItem("What is my name?")])
        { MaxOutputTokenCount = 4 });

        // The node keeps nothing (store is off there, as on vLLM by default): it answered from the conversation GatoLink sent.
        Assert.Equal(first.Id, continued.PreviousResponseId);
        Assert.Equal(explicitly.Usage.InputTokenCount, continued.Usage.InputTokenCount);
        Assert.Equal(fx.LedgerRowOf(continued.Id).PromptTokens, continued.Usage.InputTokenCount);
    }

    [Fact]
    public async Task BackgroundIsRefusedNamingTheParamBeforeAnyNodeIsAsked()
    {
        using var http = fx.Silo.Http(fx.UserKey);
        var before = fx.Nodes.Servers[0].Engine.RequestsReceived;

        using var response = await http.PostAsync("v1/responses", new StringContent("""{"model":"demo-8b","input":"hi","background":true}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("background", error.GetProperty("param").GetString());
        Assert.Contains("background", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fx.Nodes.Servers[0].Engine.RequestsReceived);
    }
}
