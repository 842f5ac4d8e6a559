using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>
/// A hit is billed at the model's cache price per hit (<c>cache_hit_usd</c> on the model's pricing, default 0): its
/// ledger row costs exactly that many micro-dollars, the cost budgets reserve it before the answer, and what the hit
/// saved is the answer's tokens at the token prices less what it was billed.
/// </summary>
public sealed class CachePriceTests
{
    [Fact]
    public async Task AHitIsBilledAtTheModelsCachePriceWhichIsZeroUntilOneIsSet()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var (tenant, secret) = await CacheCalls.TenantAsync(silo, new { mode = "exact" });
        var free = CacheCalls.Chat("Free hit " + Guid.NewGuid());
        var priced = CacheCalls.Chat("Priced hit " + Guid.NewGuid());

        var freeMiss = await CacheCalls.SendAsync(silo, secret, free);
        var freeHit = await CacheCalls.SendAsync(silo, secret, free);
        var price = await SetPriceAsync(silo, new { input_per_million_usd = 1, output_per_million_usd = 2, cache_hit_usd = 0.000250m });
        var pricedMiss = await CacheCalls.SendAsync(silo, secret, priced);
        var pricedHit = await CacheCalls.SendAsync(silo, secret, priced);

        Assert.Equal(["miss", "hit", "miss", "hit"], new[] { freeMiss.Cache, freeHit.Cache, pricedMiss.Cache, pricedHit.Cache });
        Assert.Equal(0.00025m, (decimal)price["price"]!["cache_hit_usd"]!);
        Assert.Equal(0m, (decimal)price["price_history"]!.AsArray()[0]!["cache_hit_usd"]!);
        var hits = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Where(e => e.TenantId == tenant && e.CacheHit).ToList();
        Assert.Equal([0L, 250L], hits.Select(h => h.CostMicros));
        Assert.All(hits, h => Assert.Equal((0, 0), (h.PromptTokens, h.CompletionTokens)));
        var answer = JsonNode.Parse(pricedMiss.Body)!["usage"]!;
        var avoided = (long)Math.Round(((long)answer["prompt_tokens"]! * 1m + (long)answer["completion_tokens"]! * 2m) / 1m, MidpointRounding.AwayFromZero);
        Assert.Equal(Math.Max(0, avoided - 250), hits[1].SavedCostMicros);

        // The ledger bills the hit: the tenant's cost is the two misses' and the priced hit's.
        var misses = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Where(e => e.TenantId == tenant && !e.CacheHit).Sum(e => e.CostMicros);
        await Portal.Eventually.HoldsAsync(
            async () =>
            {
                var report = await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/usage?group_by=model");
                return report!["rows"]!.AsArray() is [{ } row] && (long)row["requests"]! == 4 && (decimal)row["cost_usd"]! == (misses + 250) / 1_000_000m;
            },
            TimeSpan.FromSeconds(30),
            "the priced hit in the usage API");
    }

    [Fact]
    public async Task ACostBudgetReservesTheCachePriceAndRefusesAHitItCannotPay()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        await SetPriceAsync(silo, new { input_per_million_usd = 1, output_per_million_usd = 2, cache_hit_usd = 0.000250m });
        var (tenant, _) = await CacheCalls.TenantAsync(silo, new { mode = "exact" });
        // $0.0004 a day: the miss costs well under $0.0001, one hit $0.00025, a second hit no longer fits.
        var (_, secret) = await silo.CreateKeyAsync(tenant, new { name = "budget", daily_cost_usd = 0.0004m });
        var body = CacheCalls.Chat("Budgeted hit " + Guid.NewGuid());

        var miss = await CacheCalls.SendAsync(silo, secret, body);
        var hit = await CacheCalls.SendAsync(silo, secret, body);
        var refused = await CacheCalls.SendAsync(silo, secret, body);

        Assert.Equal((HttpStatusCode.OK, "miss"), (miss.Status, miss.Cache));
        Assert.Equal((HttpStatusCode.OK, "hit"), (hit.Status, hit.Cache));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("budget", refused.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Single(silo.Services.GetRequiredService<RecentUsageSink>().Snapshot(), e => e.TenantId == tenant && e.CacheHit);
    }

    [Fact]
    public async Task APrepaidTenantsHitIsPaidFromItsWalletAtTheCachePrice()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        await SetPriceAsync(silo, new { input_per_million_usd = 1, output_per_million_usd = 2, cache_hit_usd = 0.0001m });
        var tenant = await Billing.WalletRequests.PrepaidTenantAsync(silo, "cache-wallet");
        using (var topUp = await Billing.WalletRequests.TopUpAsync(silo.Admin, tenant, "cache-wallet-1", new { amount_usd = 0.01m, reason = "credit" }))
        {
            Assert.True(topUp.IsSuccessStatusCode, await topUp.Content.ReadAsStringAsync());
        }

        using (var patch = await silo.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { cache = new { mode = "exact" } }))
        {
            Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        }

        var (_, secret) = await silo.CreateKeyAsync(tenant);
        var body = CacheCalls.Chat("Prepaid hit " + Guid.NewGuid());

        var miss = await CacheCalls.SendAsync(silo, secret, body);
        var hit = await CacheCalls.SendAsync(silo, secret, body);

        Assert.Equal((HttpStatusCode.OK, "miss"), (miss.Status, miss.Cache));
        Assert.Equal((HttpStatusCode.OK, "hit"), (hit.Status, hit.Cache));
        var missCost = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => e.TenantId == tenant && !e.CacheHit).CostMicros;
        await Portal.Eventually.HoldsAsync(
            async () => Billing.WalletRequests.Micros((await Billing.WalletRequests.WalletAsync(silo.Admin, tenant))["balance_usd"]) == 10_000 - missCost - 100,
            TimeSpan.FromSeconds(20),
            "the miss and the hit paid from the wallet");
    }

    private static async Task<JsonObject> SetPriceAsync(SiloHarness silo, object price)
    {
        using var response = await silo.Admin.PutAsJsonAsync("admin/models/demo/pricing", price);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
