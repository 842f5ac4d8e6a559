using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>
/// The exact response cache on two silos sharing one Redis: a hit on either silo for what the other stored, never across
/// tenants, never between requests whose output may differ; every answer says what the cache did; a hit is a ledger
/// row with <c>cache_hit</c> and no node tokens.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedCacheTests : IClassFixture<CacheClusterFixture>
{
    private static readonly object Exact = new { mode = "exact", ttl_seconds = 600 };
    private readonly CacheClusterFixture _cluster;

    public SharedCacheTests(CacheClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task AnAnswerStoredOnOneSiloIsAHitOnTheOtherAndTheNodeNeverSeesIt()
    {
        var (tenant, secret) = await CacheCalls.TenantAsync(_cluster.A, Exact);
        await CacheCalls.PolicyVisibleAsync(_cluster.B, secret);
        var body = CacheCalls.Chat("What is the capital of France? " + Guid.NewGuid());

        var miss = await CacheCalls.SendAsync(_cluster.A, secret, body);
        var nodeRequests = _cluster.Nodes.RequestsReceived;
        var hit = await CacheCalls.SendAsync(_cluster.B, secret, body);

        Assert.Equal((HttpStatusCode.OK, "miss"), (miss.Status, miss.Cache));
        Assert.Equal((HttpStatusCode.OK, "hit"), (hit.Status, hit.Cache));
        CacheCalls.SameAnswerWithItsOwnId(miss.Body, hit.Body);
        Assert.Equal(nodeRequests, _cluster.Nodes.RequestsReceived);

        // The hit is billed: one ledger row on silo B, cache_hit, no node tokens, the cache price (0).
        var row = Assert.Single(_cluster.B.Services.GetRequiredService<RecentUsageSink>().Snapshot(), e => e.TenantId == tenant && e.CacheHit);
        Assert.Equal(("cache", 0, 0, 0L, 200), (row.NodeId, row.PromptTokens, row.CompletionTokens, row.CostMicros, row.HttpStatus));
        var missRow = Assert.Single(_cluster.A.Services.GetRequiredService<RecentUsageSink>().Snapshot(), e => e.TenantId == tenant && !e.CacheHit && e.RequestId != row.RequestId && e.PromptTokens > 0 && e.CompletionTokens == 8);
        Assert.False(missRow.CacheHit);
    }

    [Fact]
    public async Task TheSamePromptOfAnotherTenantIsNeverAHit()
    {
        var (_, first) = await CacheCalls.TenantAsync(_cluster.A, Exact);
        var (_, second) = await CacheCalls.TenantAsync(_cluster.A, Exact);
        var body = CacheCalls.Chat("Shared secret prompt " + Guid.NewGuid());

        var stored = await CacheCalls.SendAsync(_cluster.A, first, body);
        var again = await CacheCalls.SendAsync(_cluster.A, first, body);
        var other = await CacheCalls.SendAsync(_cluster.A, second, body);

        Assert.Equal(["miss", "hit", "miss"], new[] { stored.Cache, again.Cache, other.Cache });
    }

    [Fact]
    public async Task ParametersThatChangeTheOutputNeverShareAnEntry()
    {
        var (_, secret) = await CacheCalls.TenantAsync(_cluster.A, Exact);
        var prompt = "Name a colour. " + Guid.NewGuid();
        object[] variants =
        [
            new { },
            new { max_tokens = 9 },
            new { temperature = 0.5, seed = 1 },
            new { temperature = 0.5, seed = 2 },
            new { top_p = 0.5 },
            new { stop = new[] { "." } },
            new { n = 2 },
            new { seed = 3 },
            new { logprobs = true },
            new { response_format = new { type = "json_object" } },
            new { tools = new[] { new { type = "function", function = new { name = "f", parameters = new { type = "object" } } } } },
            new { tools = new[] { new { type = "function", function = new { name = "g", parameters = new { type = "object" } } } } },
            new { stream = true },
        ];

        var first = new List<string>();
        foreach (var extra in variants)
        {
            first.Add((await CacheCalls.SendAsync(_cluster.A, secret, CacheCalls.Chat(prompt, extra))).Cache);
        }

        // Each variant is a miss the first time (no collision), and a hit the second (each is cached on its own).
        Assert.All(first, c => Assert.Equal("miss", c));
        var second = new List<string>();
        foreach (var extra in variants)
        {
            second.Add((await CacheCalls.SendAsync(_cluster.A, secret, CacheCalls.Chat(prompt, extra))).Cache);
        }

        Assert.All(second, c => Assert.Equal("hit", c));

        // Fields that do not change the output share the entry: user, metadata and stream_options.
        var same = await CacheCalls.SendAsync(_cluster.A, secret, CacheCalls.Chat(prompt, new { user = "someone", metadata = new { team = "x" } }));
        Assert.Equal("hit", same.Cache);
    }

    [Fact]
    public async Task EveryAnswerSaysWhatTheCacheDid()
    {
        var (_, off) = await CacheCalls.TenantAsync(_cluster.A, null);
        var (tenant, on) = await CacheCalls.TenantAsync(_cluster.A, Exact);
        var body = CacheCalls.Chat("Header check " + Guid.NewGuid());

        Assert.Equal("off", (await CacheCalls.SendAsync(_cluster.A, off, body)).Cache);
        Assert.Equal("bypass", (await CacheCalls.SendAsync(_cluster.A, on, body, "bypass")).Cache);
        Assert.Equal("miss", (await CacheCalls.SendAsync(_cluster.A, on, body)).Cache); // the bypass stored nothing
        Assert.Equal("hit", (await CacheCalls.SendAsync(_cluster.A, on, body)).Cache);
        Assert.Equal("bypass", (await CacheCalls.SendAsync(_cluster.A, on, body, "bypass")).Cache);

        // A sampled output (temperature 1, no seed) is not cached unless the policy says so.
        var sampled = CacheCalls.Chat("Sampled " + Guid.NewGuid(), new { temperature = 1 });
        Assert.Equal("bypass", (await CacheCalls.SendAsync(_cluster.A, on, sampled)).Cache);

        // A key's policy narrows its tenant's: a key with mode off gets no cache.
        var (keyId, narrowed) = await _cluster.A.CreateKeyAsync(tenant, new { name = "no-cache" });
        using var patched = await _cluster.A.Admin.PatchAsJsonAsync($"admin/keys/{keyId}", new { cache = new { mode = "off" } });
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        await Portal.Eventually.HoldsAsync(
            async () => (await CacheCalls.SendAsync(_cluster.A, narrowed, body)).Cache == "off",
            TimeSpan.FromSeconds(20),
            "the key's narrowed policy");
    }

    [Fact]
    public async Task ABadCachePolicyIsRefusedNamingTheField()
    {
        var tenant = await _cluster.A.CreateTenantAsync("bad-cache-" + Guid.NewGuid().ToString("N")[..8]);

        using var mode = await _cluster.A.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { cache = new { mode = "sometimes" } });
        using var ttl = await _cluster.A.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { cache = new { mode = "exact", ttl_seconds = 0 } });
        using var similarity = await _cluster.A.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { cache = new { mode = "semantic", similarity = 1.5 } });

        Assert.Equal(HttpStatusCode.BadRequest, mode.StatusCode);
        Assert.Contains("cache", await mode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, ttl.StatusCode);
        Assert.Contains("cache.ttl_seconds", await ttl.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, similarity.StatusCode);
        Assert.Contains("cache.similarity", await similarity.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var view = await _cluster.A.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}");
        Assert.Null(view!["cache"]);
    }
}
