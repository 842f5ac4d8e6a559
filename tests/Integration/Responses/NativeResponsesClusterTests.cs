#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// A Responses conversation across nodes and silos: answered natively by a node that serves <c>/v1/responses</c>
/// itself on one silo, continued by <c>previous_response_id</c> on another silo by a chat node (translated), then again
/// natively; GatoLink's store (PostgreSQL) holds the conversation, never a node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NativeResponsesClusterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private SimNodes _nodes = null!;
    private SiloHarness _a = null!;
    private SiloHarness _b = null!;

    public async Task InitializeAsync()
    {
        _nodes = await SimNodes.StartAsync(2, "instant", configure: o => o.Models = ["demo-8b", "demo-native"]);
        var database = await postgres.CreateDatabaseAsync();
        var adminKey = GatoLink.PerSilo.Keys.ApiKeySecrets.NewSecret();
        // node-1 serves demo-8b as chat only; node-2 serves demo-native and declares the Responses API.
        var settings = new Dictionary<string, string?>
        {
            ["GatoLink:Models:1:Name"] = "demo-native",
            ["GatoLink:Models:1:InputPricePerMillionUsd"] = "1.0",
            ["GatoLink:Models:1:OutputPricePerMillionUsd"] = "2.0",
            ["GatoLink:Nodes:1:Models:0"] = "demo-native",
            ["GatoLink:Nodes:1:NativeApis:0"] = "responses",
        };
        _a = await SiloHarness.StartAsync(_nodes.Urls, settings, database, adminKey);
        _b = await SiloHarness.StartAsync(_nodes.Urls, settings, database, adminKey);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task AConversationMovesBetweenANativeAndATranslatedNodeAndBetweenSilos()
    {
        var key = await _a.CreateUserKeyAsync();
        var onA = ResponsesSdkTests.Client(_a, key);
        var onB = ResponsesSdkTests.Client(_b, key);
        const string Intro = "My name is Ada and I like long walks";

        ResponseResult first = await onA.CreateResponseAsync(new CreateResponseOptions("demo-native", [ResponseItem.CreateUserMessageItem(Intro)]) { MaxOutputTokenCount = 5 });
        ResponseResult second = await onB.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id, MaxOutputTokenCount = 4 });
        ResponseResult third = await onA.CreateResponseAsync(new CreateResponseOptions("demo-native", [ResponseItem.CreateUserMessageItem("And again?")]) { PreviousResponseId = second.Id, MaxOutputTokenCount = 4 });
        ResponseResult thirdExplicitly = await onB.CreateResponseAsync(new CreateResponseOptions("demo-native",
            [ResponseItem.CreateUserMessageItem(Intro), ResponseItem.CreateAssistantMessageItem(first.GetOutputText()), ResponseItem.CreateUserMessageItem("What is my name?"),
                ResponseItem.CreateAssistantMessageItem(second.GetOutputText()), ResponseItem.CreateUserMessageItem("And again?")])
        { MaxOutputTokenCount = 4 });
        ResponseResult firstOnB = await onB.GetResponseAsync(first.Id);

        // Which node answered: node-2 natively (demo-native), node-1 translated (demo-8b).
        Assert.Equal(3, _nodes.Servers[1].Engine.RequestsReceived);
        Assert.Equal(1, _nodes.Servers[0].Engine.RequestsReceived);
        Assert.Matches("^msg_[0-9a-f]{32}$", first.OutputItems.Single().Id);
        Assert.Equal("msg_" + second.Id["resp_".Length..] + "00", second.OutputItems.Single().Id);
        Assert.Equal(second.Id, third.PreviousResponseId);
        // The native node was sent the whole conversation, the translated turn included: the same prompt as sent explicitly.
        Assert.Equal(thirdExplicitly.Usage.InputTokenCount, third.Usage.InputTokenCount);
        Assert.Equal(first.GetOutputText(), firstOnB.GetOutputText());
    }
}
