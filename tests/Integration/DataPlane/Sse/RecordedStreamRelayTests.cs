using System.Text;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.DataPlane.Sse;

/// <summary>A node and a silo for the recorded streams: the node is a plain OpenAI-compatible server (no load to scrape).</summary>
public sealed class ReplayFixture : IAsyncLifetime
{
    internal ReplayNode Node { get; private set; } = null!;

    internal SiloHarness Silo { get; private set; } = null!;

    internal string Key { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Node = await ReplayNode.StartAsync();
        Silo = await SiloHarness.StartAsync([Node.Url], new Dictionary<string, string?> { ["GatoLink:Nodes:0:Engine"] = "OpenAi" });
        Key = await Silo.CreateUserKeyAsync();
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Node.DisposeAsync();
    }
}

/// <summary>
/// Each engine's recorded stream, sent by a node a few bytes at a time, goes through the relay to the OpenAI SDK
/// whole: every token, the end, and the usage the node reported billed, whatever its line ends, comments or
/// multi-line data.
/// </summary>
public sealed class RecordedStreamRelayTests : IClassFixture<ReplayFixture>
{
    private readonly ReplayFixture _fx;

    public RecordedStreamRelayTests(ReplayFixture fx) => _fx = fx;

    public static TheoryData<string> Names() => [.. RecordedStreams.All.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task TheClientGetsTheWholeAnswerAndTheNodesUsageIsBilled(string name)
    {
        var sink = _fx.Silo.Services.GetRequiredService<RecentUsageSink>();
        var before = sink.Snapshot().Count;
        var chat = _fx.Silo.OpenAi(_fx.Key).GetChatClient("demo-8b");
        var text = new StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("replay:" + name)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(RecordedStreams.Content, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        var billed = sink.Snapshot().Skip(before).Single();
        Assert.Equal(UsageStatus.Success, billed.Status);
        Assert.Equal(5, billed.PromptTokens);
        Assert.Equal(3, billed.CompletionTokens);
    }
}
