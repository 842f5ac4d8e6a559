using System.ClientModel;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.DataPlane;

/// <summary>The data plane end to end through the official OpenAI .NET SDK.</summary>
public sealed class OpenAiSdkTests : IClassFixture<DataPlaneFixture>
{
    private readonly DataPlaneFixture _fx;

    public OpenAiSdkTests(DataPlaneFixture fx) => _fx = fx;

    private RecentUsageSink Usage => _fx.Silo.Services.GetRequiredService<RecentUsageSink>();

    [Fact]
    public async Task NonStreamingChatReturnsExactlyMaxTokensWithUsage()
    {
        var chat = _fx.Silo.OpenAi(_fx.UserKey).GetChatClient("demo-8b");

        var result = await chat.CompleteChatAsync([new UserChatMessage("Tell me about GPUs.")], new ChatCompletionOptions { MaxOutputTokenCount = 7 });

        Assert.Equal(7, result.Value.Usage.OutputTokenCount);
        Assert.True(result.Value.Usage.InputTokenCount > 0);
        Assert.Equal(7, result.Value.Content[0].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(ChatFinishReason.Length, result.Value.FinishReason);
    }

    [Fact]
    public async Task StreamingChatDeliversEveryTokenAndTheUsageTheSdkAskedFor()
    {
        var chat = _fx.Silo.OpenAi(_fx.UserKey).GetChatClient("demo-8b");
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        var updates = 0;

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream please")], new ChatCompletionOptions { MaxOutputTokenCount = 12 }))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.True(updates >= 12);
        Assert.NotNull(usage);
        Assert.Equal(12, usage!.OutputTokenCount);
        Assert.Equal(12, text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task AliasResolvesToTheCanonicalModel()
    {
        var chat = _fx.Silo.OpenAi(_fx.UserKey).GetChatClient("demo");

        var result = await chat.CompleteChatAsync([new UserChatMessage("alias")], new ChatCompletionOptions { MaxOutputTokenCount = 3 });

        Assert.Equal("demo-8b", result.Value.Model);
    }

    [Fact]
    public async Task EmbeddingsAreDeterministicAndSized()
    {
        var embeddings = _fx.Silo.OpenAi(_fx.UserKey).GetEmbeddingClient("demo-8b");
        var options = new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 16 };

        var first = await embeddings.GenerateEmbeddingAsync("the same text", options);
        var second = await embeddings.GenerateEmbeddingAsync("the same text", options);

        Assert.Equal(16, first.Value.ToFloats().Length);
        Assert.Equal(first.Value.ToFloats().ToArray(), second.Value.ToFloats().ToArray());
    }

    [Fact]
    public async Task ModelsListShowsTheRegistry()
    {
        var models = _fx.Silo.OpenAi(_fx.UserKey).GetOpenAIModelClient();

        var list = await models.GetModelsAsync();
        var one = await models.GetModelAsync("demo-8b");

        Assert.Contains(list.Value, m => m.Id == "demo-8b");
        Assert.Equal("demo-8b", one.Value.Id);
    }

    [Fact]
    public async Task WrongKeyIs401()
    {
        var chat = _fx.Silo.OpenAi("gl-not-a-real-key").GetChatClient("demo-8b");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, error.Status);
        Assert.Contains("invalid_api_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModelIs404ModelNotFound()
    {
        var chat = _fx.Silo.OpenAi(_fx.UserKey).GetChatClient("no-such-model");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("model_not_found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySuccessfulRequestLeavesOneUsageEventWithTheNodesCounts()
    {
        var chat = _fx.Silo.OpenAi(_fx.UserKey).GetChatClient("demo-8b");
        var marker = "usage-marker " + Guid.NewGuid();

        var result = await chat.CompleteChatAsync([new UserChatMessage(marker)], new ChatCompletionOptions { MaxOutputTokenCount = 9 });

        var events = Usage.Snapshot().Where(e => e.CompletionTokens == 9 && e.PromptTokens == result.Value.Usage.InputTokenCount && e.Status == UsageStatus.Success).ToList();
        Assert.NotEmpty(events);
        var usage = events[^1];
        Assert.Equal(1, usage.Attempt);
        // demo-8b costs $1 per million input and $2 per million output tokens in the harness.
        Assert.Equal((long)Math.Round((usage.PromptTokens * 1.0) + (9 * 2.0), MidpointRounding.AwayFromZero), usage.CostMicros);
    }
}
