using GatoLink.Gateway.Cache;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>
/// Semantic lookup with the in-process MiniLM model: a paraphrase scoring above the policy's similarity is a hit, an
/// unrelated question or a paraphrase below a stricter threshold is a miss; multi-turn requests are exact only.
/// </summary>
public sealed class SemanticCacheTests
{
    private const string Question = "What is the capital city of France?";
    private const string Paraphrase = "Which city is the capital of France?";
    private const string Unrelated = "How long should I knead bread dough?";

    [Fact]
    public async Task AParaphraseAboveTheThresholdIsAHitAndOneBelowItOrAnUnrelatedQuestionIsAMiss()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var embedder = silo.Services.GetRequiredService<SentenceEmbedder>();
        Assert.False(embedder.Loaded); // nothing semantic yet: the model is not loaded
        var paraphraseScore = Vectors.Dot(embedder.Embed(Question), embedder.Embed(Paraphrase));
        var unrelatedScore = Vectors.Dot(embedder.Embed(Question), embedder.Embed(Unrelated));
        Assert.True(paraphraseScore > 0.8 && unrelatedScore < 0.5, $"paraphrase {paraphraseScore:0.000}, unrelated {unrelatedScore:0.000}");

        var (_, loose) = await CacheCalls.TenantAsync(silo, new { mode = "semantic", similarity = 0.8 });
        var (_, strict) = await CacheCalls.TenantAsync(silo, new { mode = "semantic", similarity = Math.Min(1.0, paraphraseScore + 0.01) });
        var looseAnswers = new List<string>();
        var strictAnswers = new List<string>();
        foreach (var question in new[] { Question, Paraphrase, Unrelated })
        {
            looseAnswers.Add((await CacheCalls.SendAsync(silo, loose, CacheCalls.Chat(question))).Cache);
            strictAnswers.Add((await CacheCalls.SendAsync(silo, strict, CacheCalls.Chat(question))).Cache);
        }

        Assert.Equal(["miss", "hit", "miss"], looseAnswers);
        Assert.Equal(["miss", "miss", "miss"], strictAnswers);

        // The paraphrase's hit is the first question's answer, under an id of its own.
        var first = await CacheCalls.SendAsync(silo, loose, CacheCalls.Chat(Question));
        var similar = await CacheCalls.SendAsync(silo, loose, CacheCalls.Chat(Paraphrase));
        CacheCalls.SameAnswerWithItsOwnId(first.Body, similar.Body);
    }

    [Fact]
    public async Task AMultiTurnChatIsOnlyEverAnExactHit()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var (_, secret) = await CacheCalls.TenantAsync(silo, new { mode = "semantic", similarity = 0.5 });
        object Turns(string last) => new
        {
            messages = new object[]
            {
                new { role = "user", content = "Hello" },
                new { role = "assistant", content = "Hi, how can I help?" },
                new { role = "user", content = last },
            },
        };

        var stored = await CacheCalls.SendAsync(silo, secret, CacheCalls.Chat("", Turns(Question)));
        var paraphrased = await CacheCalls.SendAsync(silo, secret, CacheCalls.Chat("", Turns(Paraphrase)));
        var same = await CacheCalls.SendAsync(silo, secret, CacheCalls.Chat("", Turns(Question)));

        Assert.Equal(["miss", "miss", "hit"], new[] { stored.Cache, paraphrased.Cache, same.Cache });
    }
}
