using System.Net;
using System.Text;
using GatoLink.Gateway.Cache;
using GatoLink.Gateway.OpenAi;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Models;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>
/// Semantic hits across silos through a real Redis: a question stored on one silo reaches every silo's index (live, and
/// read back by a silo that starts later), so a paraphrase hits on any silo; another tenant's paraphrase never does.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedSemanticCacheTests : IClassFixture<CacheClusterFixture>
{
    private const string Question = "What is the capital city of France?";
    private const string Paraphrase = "Which city is the capital of France?";
    private static readonly object Semantic = new { mode = "semantic", similarity = 0.8, ttl_seconds = 600 };
    private readonly CacheClusterFixture _cluster;

    public SharedSemanticCacheTests(CacheClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task AParaphraseOfAQuestionStoredOnOneSiloHitsOnTheOtherButNeverForAnotherTenant()
    {
        var (tenant, secret) = await CacheCalls.TenantAsync(_cluster.A, Semantic);
        var (_, otherSecret) = await CacheCalls.TenantAsync(_cluster.A, Semantic);
        await CacheCalls.PolicyVisibleAsync(_cluster.B, secret);
        await CacheCalls.PolicyVisibleAsync(_cluster.B, otherSecret);
        var stored = await CacheCalls.SendAsync(_cluster.A, secret, CacheCalls.Chat(Question));

        await IndexedAsync(_cluster.B, tenant, Paraphrase);
        var nodeRequests = _cluster.Nodes.RequestsReceived;
        var hit = await CacheCalls.SendAsync(_cluster.B, secret, CacheCalls.Chat(Paraphrase));
        var nodeRequestsAfterHit = _cluster.Nodes.RequestsReceived;
        var other = await CacheCalls.SendAsync(_cluster.B, otherSecret, CacheCalls.Chat(Paraphrase));

        Assert.Equal((HttpStatusCode.OK, "miss"), (stored.Status, stored.Cache));
        Assert.Equal((HttpStatusCode.OK, "hit"), (hit.Status, hit.Cache));
        CacheCalls.SameAnswerWithItsOwnId(stored.Body, hit.Body);
        Assert.Equal(nodeRequests, nodeRequestsAfterHit);
        Assert.Equal((HttpStatusCode.OK, "miss"), (other.Status, other.Cache));
    }

    [Fact]
    public async Task ASiloStartedAfterTheQuestionWasStoredReadsItFromRedis()
    {
        var (tenant, secret) = await CacheCalls.TenantAsync(_cluster.A, Semantic);
        var stored = await CacheCalls.SendAsync(_cluster.A, secret, CacheCalls.Chat(Question));
        Assert.Equal("miss", stored.Cache);
        await IndexedAsync(_cluster.B, tenant, Paraphrase); // published, so in Redis's set too

        await using var late = await _cluster.StartSiloAsync();
        await IndexedAsync(late, tenant, Paraphrase);
        await CacheCalls.PolicyVisibleAsync(late, secret);
        var hit = await CacheCalls.SendAsync(late, secret, CacheCalls.Chat(Paraphrase));

        Assert.Equal((HttpStatusCode.OK, "hit"), (hit.Status, hit.Cache));
        CacheCalls.SameAnswerWithItsOwnId(stored.Body, hit.Body);
    }

    /// <summary>Waits (bounded) until <paramref name="silo"/>'s own index finds a question near <paramref name="question"/> for the tenant.</summary>
    private static Task IndexedAsync(SiloHarness silo, Guid tenant, string question)
    {
        var model = silo.Services.GetRequiredService<ModelDirectory>().Resolve("demo")!.Name;
        var partition = ExactKey.Compute(tenant, InferenceKind.Chat, model, Encoding.UTF8.GetBytes(CacheCalls.Chat(question).ToJsonString())).Partition;
        var vector = silo.Services.GetRequiredService<SentenceEmbedder>().Embed(question);
        var index = silo.Services.GetRequiredService<SemanticIndex>();
        return Portal.Eventually.HoldsAsync(
            () => Task.FromResult(index.Nearest(partition, vector, 0.8) is not null),
            TimeSpan.FromSeconds(20),
            "the question in the silo's semantic index");
    }
}
