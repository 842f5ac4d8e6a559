using System.Net;
using System.Net.Http.Json;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Integration.Tests.Hosting;

/// <summary>
/// A silo keeps in memory only the keys in use: none is loaded at start, a key is read from storage on its first use,
/// and past the cache's size the least recently used are dropped and read again when they come back.
/// </summary>
public sealed class KeyCacheTests : IAsyncLifetime
{
    private SimNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await SimNodes.StartAsync(1, profile: "instant");

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task ARestartedSiloHoldsNoKeyUntilOneIsUsedAndThenOnlyThatOne()
    {
        var data = Directory.CreateTempSubdirectory("gatolink-keycache-").FullName;
        var admin = ApiKeySecrets.NewSecret();
        var secrets = new List<string>();
        await using (var first = await SiloHarness.StartAsync(_nodes.Urls, adminKey: admin, dataDirectory: data))
        {
            var tenant = await first.CreateTenantAsync("many-keys");
            for (var i = 0; i < 40; i++)
            {
                secrets.Add((await first.CreateKeyAsync(tenant, new { name = $"k{i}" })).Secret);
            }
        }

        await using var silo = await SiloHarness.StartAsync(_nodes.Urls, adminKey: admin, dataDirectory: data);
        var keys = silo.Services.GetRequiredService<KeyDirectory>();
        // The admin key that answered the bootstrap's check may be there; none of the forty.
        Assert.InRange(keys.Count, 0, 1);
        var before = keys.Count;

        Assert.Equal(HttpStatusCode.OK, await ChatAsync(silo, secrets[17]));
        Assert.Equal(before + 1, keys.Count);
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(silo, secrets[17]));
        Assert.Equal(before + 1, keys.Count);
    }

    [Fact]
    public async Task KeysPastTheCacheSizeAreDroppedLeastRecentlyUsedFirstAndStillWorkWhenTheyComeBack()
    {
        const int size = 10;
        await using var silo = await SiloHarness.StartAsync(_nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Gateway:KeyCacheSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var keys = silo.Services.GetRequiredService<KeyDirectory>();
        var tenant = await silo.CreateTenantAsync("lru");
        var created = new List<(Guid Id, string Secret)>();
        for (var i = 0; i < 3 * size; i++)
        {
            created.Add(await silo.CreateKeyAsync(tenant, new { name = $"k{i}" }));
            Assert.InRange(keys.Count, 1, size);
        }

        // The most recently used stays; the first ones were dropped, and each still authenticates (read again).
        foreach (var (_, secret) in created)
        {
            Assert.Equal(HttpStatusCode.OK, await ChatAsync(silo, secret));
            Assert.InRange(keys.Count, 1, size);
        }

        // A dropped key revoked meanwhile is refused when it comes back.
        var (revokedId, revokedSecret) = created[0];
        using (var revoke = await silo.Admin.DeleteAsync($"admin/keys/{revokedId}"))
        {
            Assert.True(revoke.IsSuccessStatusCode, $"revoking answered {revoke.StatusCode}");
        }

        for (var i = size; i < 2 * size; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await ChatAsync(silo, created[i].Secret));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await ChatAsync(silo, revokedSecret));
    }

    private static async Task<HttpStatusCode> ChatAsync(SiloHarness silo, string key)
    {
        using var http = silo.Http(key);
        using var response = await http.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "demo-8b",
            max_tokens = 4,
            messages = new[] { new { role = "user", content = "hi" } },
        });
        return response.StatusCode;
    }
}
