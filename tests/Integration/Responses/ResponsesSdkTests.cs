#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.ClientModel;
using System.Text;
using System.Text.Json;
using GatoLink.Gateway.ResponsesApi;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.DataPlane;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// The official OpenAI .NET SDK's Responses client against <c>/v1/responses</c> on a real silo in front of NodeSim
/// nodes (which speak chat only): text, streaming, a tools round trip, a continuation by <c>previous_response_id</c>,
/// GET and DELETE of stored responses, tenants kept apart, and a ledger row per response.
/// </summary>
public sealed class ResponsesSdkTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    private static readonly BinaryData WeatherSchema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    internal static ResponsesClient Client(SiloHarness silo, string key) => silo.OpenAi(key).GetResponsesClient();

    private UsageEvent LedgerRowOf(string responseId) =>
        fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => e.RequestId == "req_" + responseId["resp_".Length..]);

    [Fact]
    public async Task ATextResponseHasOneMessageItemAndTheUsageTheLedgerBilled()
    {
        var client = Client(fx.Silo, fx.UserKey);

        ResponseResult response = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("Say hello")])
        {
            Instructions = "You are terse.",
            MaxOutputTokenCount = 6,
        });

        Assert.StartsWith("resp_", response.Id);
        Assert.Equal("demo-8b", response.Model);
        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(6, message.Content.Single().Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(message.Content.Single().Text, response.GetOutputText());
        var row = LedgerRowOf(response.Id);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(row.PromptTokens, response.Usage.InputTokenCount);
        Assert.Equal(row.CompletionTokens, response.Usage.OutputTokenCount);
        Assert.Equal(row.PromptTokens + row.CompletionTokens, response.Usage.TotalTokenCount);
        Assert.Equal(6, row.CompletionTokens);
        Assert.True(row.CostMicros > 0);
    }

    [Fact]
    public async Task AStreamedResponseFollowsOpenAisEventSequenceThroughTheSdk()
    {
        var client = Client(fx.Silo, fx.UserKey);
        var kinds = new List<string>();
        var sequence = new List<int>();
        var text = new StringBuilder();
        ResponseResult? completed = null;

        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("Stream please")]) { MaxOutputTokenCount = 8, StreamingEnabled = true }))
        {
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseCreatedUpdate:
                    kinds.Add("created");
                    break;
                case StreamingResponseInProgressUpdate:
                    kinds.Add("in_progress");
                    break;
                case StreamingResponseOutputItemAddedUpdate:
                    kinds.Add("item_added");
                    break;
                case StreamingResponseContentPartAddedUpdate:
                    kinds.Add("part_added");
                    break;
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    if (kinds[^1] != "delta")
                    {
                        kinds.Add("delta");
                    }

                    break;
                case StreamingResponseOutputTextDoneUpdate done:
                    Assert.Equal(text.ToString(), done.Text);
                    kinds.Add("text_done");
                    break;
                case StreamingResponseContentPartDoneUpdate:
                    kinds.Add("part_done");
                    break;
                case StreamingResponseOutputItemDoneUpdate:
                    kinds.Add("item_done");
                    break;
                case StreamingResponseIncompleteUpdate end:
                    kinds.Add("incomplete");
                    completed = end.Response;
                    break;
            }
        }

        Assert.Equal(["created", "in_progress", "item_added", "part_added", "delta", "text_done", "part_done", "item_done", "incomplete"], kinds);
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        Assert.NotNull(completed);
        Assert.Equal(text.ToString(), completed.GetOutputText());
        var row = LedgerRowOf(completed.Id);
        Assert.Equal(8, row.CompletionTokens);
        Assert.Equal(row.CompletionTokens, completed.Usage.OutputTokenCount);
        Assert.Equal(row.PromptTokens, completed.Usage.InputTokenCount);
    }

    [Fact]
    public async Task AFunctionCallIsAnsweredByItsOutputInTheNextTurn()
    {
        var client = Client(fx.Silo, fx.UserKey);
        var tool = ResponseTool.CreateFunctionTool("get_weather", WeatherSchema, strictModeEnabled: false, "Weather of a city");
        var question = ResponseItem.CreateUserMessageItem("get_weather for Oslo");

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [question]) { Tools = { tool }, ToolChoice = ResponseToolChoice.CreateRequiredChoice(), MaxOutputTokenCount = 64 });

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        Assert.StartsWith("fc_", call.Id);
        using (var arguments = JsonDocument.Parse(call.FunctionArguments.ToString()))
        {
            Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
        }

        ResponseResult Answer(string result) => client.CreateResponse(new CreateResponseOptions("demo-8b",
            [question, ResponseItem.CreateFunctionCallItem(call.CallId, call.FunctionName, call.FunctionArguments), ResponseItem.CreateFunctionCallOutputItem(call.CallId, result)])
        {
            Tools = { tool },
            ToolChoice = ResponseToolChoice.CreateNoneChoice(),
            MaxOutputTokenCount = 5,
        });
        var second = Answer("18 degrees, clear");
        var longer = Answer("18 degrees, clear, and the wind stays calm all day long");

        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(second.OutputItems));
        Assert.False(string.IsNullOrWhiteSpace(second.GetOutputText()));
        // The function output reaches the node as a tool message: a longer output is a longer prompt.
        Assert.True(longer.Usage.InputTokenCount > second.Usage.InputTokenCount, $"{longer.Usage.InputTokenCount} vs {second.Usage.InputTokenCount}");
    }

    [Fact]
    public async Task AStreamedFunctionCallArrivesAsArgumentDeltasThatAssembleIntoItsArguments()
    {
        var client = Client(fx.Silo, fx.UserKey);
        var deltas = new StringBuilder();
        FunctionCallResponseItem? done = null;

        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("get_weather for Oslo")])
        {
            Tools = { ResponseTool.CreateFunctionTool("get_weather", WeatherSchema, strictModeEnabled: false) },
            ToolChoice = ResponseToolChoice.CreateFunctionChoice("get_weather"),
            MaxOutputTokenCount = 64,
            StreamingEnabled = true,
        }))
        {
            switch (update)
            {
                case StreamingResponseFunctionCallArgumentsDeltaUpdate delta:
                    deltas.Append(delta.Delta.ToString());
                    break;
                case StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem item }:
                    done = item;
                    break;
            }
        }

        Assert.NotNull(done);
        Assert.Equal("get_weather", done.FunctionName);
        Assert.Equal(deltas.ToString(), done.FunctionArguments.ToString());
        using var arguments = JsonDocument.Parse(deltas.ToString());
        Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
    }

    [Fact]
    public async Task APreviousResponseIdContinuesTheStoredConversation()
    {
        var client = Client(fx.Silo, fx.UserKey);
        ResponseResult first = await client.CreateResponseAsync("demo-8b", "My name is Ada and I like long walks");

        ResponseResult continued = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id, MaxOutputTokenCount = 4 });
        ResponseResult explicitly = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b",
            [ResponseItem.CreateUserMessageItem("My name is Ada and I like long walks"), ResponseItem.CreateAssistantMessageItem(first.GetOutputText()), ResponseItem.CreateUserMessageItem("What is my name?")])
        { MaxOutputTokenCount = 4 });

        Assert.Equal(first.Id, continued.PreviousResponseId);
        // The node saw the stored conversation, then the new input: the same prompt as the whole conversation sent again.
        Assert.Equal(explicitly.Usage.InputTokenCount, continued.Usage.InputTokenCount);
        Assert.Equal(LedgerRowOf(continued.Id).PromptTokens, continued.Usage.InputTokenCount);
    }

    [Fact]
    public async Task AStoredResponseIsReadAndDeletedByItsTenantOnly()
    {
        var client = Client(fx.Silo, fx.UserKey);
        ResponseResult created = await client.CreateResponseAsync("demo-8b", "Keep this answer");
        var other = Client(fx.Silo, await fx.Silo.CreateUserKeyAsync());

        ResponseResult read = await client.GetResponseAsync(created.Id);
        var hidden = await Assert.ThrowsAsync<ClientResultException>(() => other.GetResponseAsync(created.Id));
        var notDeleted = await Assert.ThrowsAsync<ClientResultException>(() => other.DeleteResponseAsync(created.Id));
        ResponseDeletionResult deleted = await client.DeleteResponseAsync(created.Id);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));

        Assert.Equal(created.Id, read.Id);
        Assert.Equal(created.GetOutputText(), read.GetOutputText());
        Assert.Equal(created.Usage.OutputTokenCount, read.Usage.OutputTokenCount);
        Assert.Equal(404, hidden.Status);
        Assert.Equal(404, notDeleted.Status);
        Assert.True(deleted.Deleted);
        Assert.Equal(created.Id, deleted.ResponseId);
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task AResponseWithStoreFalseIsNotKeptAndCannotBeContinued()
    {
        var client = Client(fx.Silo, fx.UserKey);
        ResponseResult unstored = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("Forget this")]) { StoredOutputEnabled = false });

        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(unstored.Id));
        var cannotContinue = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync("demo-8b", "and then?", unstored.Id));

        Assert.Equal(404, missing.Status);
        Assert.Equal(400, cannotContinue.Status);
        Assert.Contains("previous_response_id", cannotContinue.Message, StringComparison.Ordinal);
    }
}
