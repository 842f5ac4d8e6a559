using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>A hit counts against the request rate, not the token rate, and the usage API says what the cache saved.</summary>
public sealed class CacheAccountingTests
{
    [Fact]
    public async Task AHitTakesARequestButNoTokensAndTheUsageApiShowsTheSavings()
    {
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls);
        var (tenant, _) = await CacheCalls.TenantAsync(silo, new { mode = "exact" });
        // 3 requests a minute, 40 tokens a minute: the miss reserves about 36 tokens (its estimate, a margin, 8 output);
        // a hit charged like a request would ask for the model's default max_tokens on top and be refused as too large.
        var (_, secret) = await silo.CreateKeyAsync(tenant, new { name = "limited", rpm = 3, tpm = 40 });
        var body = CacheCalls.Chat("Savings " + Guid.NewGuid());

        var miss = await CacheCalls.SendAsync(silo, secret, body);
        var hits = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 2; i++)
        {
            var hit = await CacheCalls.SendAsync(silo, secret, body);
            hits.Add((hit.Status, hit.Cache));
        }

        var overRpm = await CacheCalls.SendAsync(silo, secret, body); // the fourth request of the minute

        Assert.Equal((HttpStatusCode.OK, "miss"), (miss.Status, miss.Cache));
        Assert.All(hits, h => Assert.Equal((HttpStatusCode.OK, "hit"), h));
        Assert.Equal(HttpStatusCode.TooManyRequests, overRpm.Status);
        Assert.Contains("key requests per minute", overRpm.Body, StringComparison.Ordinal);

        // The ledger holds the hits (written by the billing pipeline, shortly after): two hits, each saving the miss's tokens at $1/$2 per million.
        var cache = await CacheCalls.SavingsAsync(silo, tenant, 2);
        var missUsage = JsonNode.Parse(miss.Body)!["usage"]!;
        var savedTokens = (long)missUsage["prompt_tokens"]! + (long)missUsage["completion_tokens"]!;
        Assert.Equal(2 * savedTokens, (long)cache["saved_tokens"]!);
        Assert.Equal(2 * ((long)missUsage["prompt_tokens"]! * 1 + (long)missUsage["completion_tokens"]! * 2) / 1_000_000m, (decimal)cache["saved_usd"]!);
    }
}
