using System.Net.Http.Json;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>
/// KV-cache isolation through the gateway on NodeSim (whose prefix cache is keyed by vLLM's <c>cache_salt</c>): two
/// tenants with <c>kv_isolation</c> get no prefix hits from each other's identical prompt, while each still hits its own.
/// </summary>
public sealed class KvIsolationTests
{
    private static readonly string Prompt = "Our shared system prompt. " + string.Join(' ', Enumerable.Range(0, 300).Select(i => $"rule{i}"));

    [Fact]
    public async Task IsolatedTenantsShareNoPrefixBlocksWhileEachReusesItsOwn()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var node = nodes.Servers[0].Engine;
        var (first, firstKey) = await IsolatedTenantAsync(silo);
        var (second, secondKey) = await IsolatedTenantAsync(silo);
        var tenants = silo.Services.GetRequiredService<TenantDirectory>();
        await Portal.Eventually.HoldsAsync(
            () => Task.FromResult(tenants.Get(first)?.Record.KvIsolation == true && tenants.Get(second)?.Record.KvIsolation == true),
            TimeSpan.FromSeconds(20),
            "kv_isolation on the silo's tenant cache");

        async Task<long> PrefixHitsAsync(string secret)
        {
            var before = node.PrefixCacheHits;
            var answer = await CacheCalls.SendAsync(silo, secret, CacheCalls.Chat(Prompt, new { max_tokens = 1 }));
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
            return node.PrefixCacheHits - before;
        }

        var firstCold = await PrefixHitsAsync(firstKey);
        var secondCold = await PrefixHitsAsync(secondKey);
        var firstWarm = await PrefixHitsAsync(firstKey);
        var secondWarm = await PrefixHitsAsync(secondKey);

        Assert.Equal(0, firstCold);
        Assert.Equal(0, secondCold); // the first tenant's blocks of the same prompt are not the second's
        Assert.True(firstWarm > 0, $"the first tenant's repeat hit {firstWarm} tokens");
        Assert.Equal(firstWarm, secondWarm);
    }

    [Fact]
    public async Task WithoutIsolationTheSamePromptSharesTheNodesPrefixCache()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var node = nodes.Servers[0].Engine;
        var first = await silo.CreateUserKeyAsync();
        var second = await silo.CreateUserKeyAsync();

        await CacheCalls.SendAsync(silo, first, CacheCalls.Chat(Prompt, new { max_tokens = 1 }));
        var before = node.PrefixCacheHits;
        await CacheCalls.SendAsync(silo, second, CacheCalls.Chat(Prompt, new { max_tokens = 1 }));

        Assert.True(node.PrefixCacheHits > before, "without kv_isolation tenants share prefix blocks (the leak isolation closes)");
    }

    private static async Task<(Guid Tenant, string Secret)> IsolatedTenantAsync(SiloHarness silo)
    {
        var tenant = await silo.CreateTenantAsync("kv-" + Guid.NewGuid().ToString("N")[..8]);
        using var patched = await silo.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { kv_isolation = true });
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        var (_, secret) = await silo.CreateKeyAsync(tenant);
        return (tenant, secret);
    }
}
