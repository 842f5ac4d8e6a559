using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Cli.Hosting;
using GatoLink.Integration.Tests.Cache;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>gatolink-admin sets and shows the response-cache policy of tenants and keys, and usage says what the cache saved.</summary>
[Collection(CliCollection.Name)]
public sealed class CacheCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task TenantUpdateSetsThePolicyKeepsWhatIsNotGivenAndUnsetRemovesIt()
    {
        var id = (await fixture.Silo.CreateTenantAsync("cli-cache-" + Guid.NewGuid().ToString("N")[..6])).ToString();

        var set = (await fixture.RunAsync("tenants", "update", id, "--cache-mode", "semantic", "--cache-ttl", "600",
            "--cache-similarity", "0.85", "--cache-random", "true", "--kv-isolation", "true", "-o", "json")).Succeeded().Json;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"mode":"semantic","ttl_seconds":600,"similarity":0.85,"random":true}"""), set["cache"]), set.ToJsonString());
        Assert.True((bool)set["kv_isolation"]!);

        // Only the time to live changes: the mode, similarity and random flag stay as they were.
        (await fixture.RunAsync("tenants", "update", id, "--cache-ttl", "120")).Succeeded();
        var api = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{id}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"mode":"semantic","ttl_seconds":120,"similarity":0.85,"random":true}"""), api!["cache"]), api.ToJsonString());

        var shown = (await fixture.RunAsync("tenants", "show", id)).Succeeded().Stdout;
        Assert.Contains("semantic, 120 s, similarity 0.85, random outputs too", shown, StringComparison.Ordinal);
        Assert.Matches(@"KV isolation\s+on", shown);

        var unset = (await fixture.RunAsync("tenants", "update", id, "--unset", "cache", "--kv-isolation", "false", "-o", "json")).Succeeded().Json;
        Assert.Null(unset["cache"]);
        Assert.False((bool)unset["kv_isolation"]!);
        Assert.Matches(@"Response cache\s+off", (await fixture.RunAsync("tenants", "show", id)).Succeeded().Stdout);
    }

    [Fact]
    public async Task KeyUpdateSetsThePolicyThatNarrowsItsTenants()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-cache-key-" + Guid.NewGuid().ToString("N")[..6]);
        var (key, _) = await fixture.Silo.CreateKeyAsync(tenant);
        Assert.Matches(@"Response cache\s+the tenant's", (await fixture.RunAsync("keys", "show", key.ToString())).Succeeded().Stdout);

        var set = (await fixture.RunAsync("keys", "update", key.ToString(), "--cache-mode", "exact", "--cache-ttl", "60", "-o", "json")).Succeeded().Json;

        Assert.Equal("exact", (string)set["cache"]!["mode"]!);
        Assert.Equal(60, (int)set["cache"]!["ttl_seconds"]!);
        var api = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{key}");
        Assert.True(JsonNode.DeepEquals(set["cache"], api!["cache"]));
        Assert.Contains("exact, 60 s", (await fixture.RunAsync("keys", "show", key.ToString())).Succeeded().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeWithoutAModeWhenThereIsNoPolicyYetIsAUsageError()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-cache-none-" + Guid.NewGuid().ToString("N")[..6]);

        var run = await fixture.RunAsync("tenants", "update", tenant.ToString(), "--cache-ttl", "60");

        Assert.Contains("--cache-mode", run.FailedWith(ExitCodes.Usage), StringComparison.Ordinal);
        var api = await fixture.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}");
        Assert.Null(api!["cache"]);
    }

    [Theory]
    [InlineData("--cache-mode", "fuzzy")]
    [InlineData("--cache-similarity", "1.5")]
    [InlineData("--cache-similarity", "0")]
    [InlineData("--cache-ttl", "0")]
    [InlineData("--cache-random", "maybe")]
    [InlineData("--kv-isolation", "yes-please")]
    public async Task BadCacheValuesExitTwo(string option, string value)
    {
        var run = await fixture.RunAsync("tenants", "update", "0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f", option, value);

        var error = run.FailedWith(ExitCodes.Usage);
        Assert.True(error.Contains(option, StringComparison.Ordinal) || error.Contains($"'{value}'", StringComparison.Ordinal), error);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task UsageSaysWhatTheCacheSaved()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-cache-saved-" + Guid.NewGuid().ToString("N")[..6]);
        (await fixture.RunAsync("tenants", "update", tenant.ToString(), "--cache-mode", "exact")).Succeeded();
        var (_, secret) = await fixture.Silo.CreateKeyAsync(tenant);
        var body = CacheCalls.Chat("What did the cache save? " + Guid.NewGuid());
        body["model"] = "demo-8b";
        var miss = await CacheCalls.SendAsync(fixture.Silo, secret, body);
        var hit = await CacheCalls.SendAsync(fixture.Silo, secret, body);
        Assert.Equal(("miss", "hit"), (miss.Cache, hit.Cache));

        var cache = await CacheCalls.SavingsAsync(fixture.Silo, tenant, 1);
        var run = (await fixture.RunAsync("usage", "--tenant", tenant.ToString())).Succeeded();

        var usage = JsonNode.Parse(miss.Body)!["usage"]!;
        var saved = (long)usage["prompt_tokens"]! + (long)usage["completion_tokens"]!;
        Assert.Equal(saved, (long)cache["saved_tokens"]!);
        Assert.Contains($"Response cache: 1 hits saved {saved} tokens, {GatoLink.Cli.Output.Format.Usd((decimal)cache["saved_usd"]!)}.", run.Stdout, StringComparison.Ordinal);
    }
}
