using System.Text;
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>A streamed answer is stored once it finished normally and replayed as OpenAI-shaped SSE, read by the official SDK.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StreamedReplayTests : IClassFixture<CacheClusterFixture>
{
    private readonly CacheClusterFixture _cluster;

    public StreamedReplayTests(CacheClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task AStreamedHitOnTheOtherSiloReplaysTheSameTokensAndUsageToTheOpenAiSdk()
    {
        var (_, secret) = await CacheCalls.TenantAsync(_cluster.A, new { mode = "exact" });
        await CacheCalls.PolicyVisibleAsync(_cluster.B, secret);
        var messages = new ChatMessage[] { new UserChatMessage("Tell me a short story. " + Guid.NewGuid()) };
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 };

        var miss = await ReadStreamAsync(_cluster.A.OpenAi(secret).GetChatClient("demo"), messages, options);
        var nodeRequests = _cluster.Nodes.RequestsReceived;
        var hit = await ReadStreamAsync(_cluster.B.OpenAi(secret).GetChatClient("demo"), messages, options);

        Assert.Equal(nodeRequests, _cluster.Nodes.RequestsReceived);
        Assert.False(string.IsNullOrEmpty(miss.Text));
        Assert.Equal(miss.Text, hit.Text);
        Assert.Equal(ChatFinishReason.Length, hit.Finish);
        // The SDK asks for usage on streams (include_usage): the replay carries the node's counts.
        Assert.Equal(miss.Usage, hit.Usage);
        Assert.Equal(12, hit.Usage.Completion);
        // Every chunk of the replay carries one id, the replay's own.
        CacheCalls.SameIdShape(Assert.Single(miss.Ids), Assert.Single(hit.Ids));
    }

    private static async Task<(string Text, ChatFinishReason? Finish, (int Prompt, int Completion) Usage, HashSet<string> Ids)> ReadStreamAsync(ChatClient chat, ChatMessage[] messages, ChatCompletionOptions options)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        (int, int) usage = default;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            ids.Add(update.CompletionId);
            finish ??= update.FinishReason;
            if (update.Usage is { } u)
            {
                usage = (u.InputTokenCount, u.OutputTokenCount);
            }
        }

        return (text.ToString(), finish, usage, ids);
    }
}
