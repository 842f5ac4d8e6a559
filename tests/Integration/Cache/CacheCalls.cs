using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>What the cache tests send and read back: tenants with a cache policy, chat requests and their cache header.</summary>
internal static class CacheCalls
{
    /// <summary>A fresh tenant with <paramref name="cache"/> as its policy, and one user key; returns (tenant, key secret).</summary>
    public static async Task<(Guid Tenant, string Secret)> TenantAsync(SiloHarness admin, object? cache, object? tenantFields = null)
    {
        var tenant = await admin.CreateTenantAsync("cache-" + Guid.NewGuid().ToString("N")[..8]);
        var patch = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(tenantFields ?? new { }))!.AsObject();
        patch["cache"] = cache is null ? null : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(cache));
        using var response = await admin.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", patch);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var (_, secret) = await admin.CreateKeyAsync(tenant);
        return (tenant, secret);
    }

    /// <summary>A deterministic chat body (temperature 0) with <paramref name="extra"/> fields on top.</summary>
    public static JsonObject Chat(string prompt, object? extra = null)
    {
        var body = new JsonObject
        {
            ["model"] = "demo",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["max_tokens"] = 8,
            ["temperature"] = 0,
        };
        foreach (var (name, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        return body;
    }

    /// <summary>Sends a chat body; returns the status, the <c>x-gatolink-cache</c> header and the body text.</summary>
    public static async Task<(HttpStatusCode Status, string Cache, string Body)> SendAsync(SiloHarness silo, string secret, JsonObject body, string? cacheHeader = null)
    {
        using var http = silo.Http(secret);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (cacheHeader is not null)
        {
            request.Headers.Add("x-gatolink-cache", cacheHeader);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var cache = response.Headers.TryGetValues("x-gatolink-cache", out var values) ? string.Join(",", values) : "(none)";
        return (response.StatusCode, cache, text);
    }

    /// <summary>
    /// Waits until <paramref name="silo"/> knows the tenant's policy (it arrives through the registry's notifications):
    /// a request with <c>x-gatolink-cache: bypass</c> says <c>bypass</c> once a cache policy is in force there, and
    /// touches no entry.
    /// </summary>
    public static Task PolicyVisibleAsync(SiloHarness silo, string secret) =>
        Portal.Eventually.HoldsAsync(
            async () => (await SendAsync(silo, secret, Chat("policy probe"), "bypass")).Cache == "bypass",
            TimeSpan.FromSeconds(20),
            "the tenant's cache policy on the other silo");

    /// <summary>Waits (bounded) until the usage API counts <paramref name="hits"/> cache hits for the tenant; returns its <c>cache</c> object.</summary>
    public static async Task<JsonObject> SavingsAsync(SiloHarness silo, Guid tenant, long hits)
    {
        JsonObject? cache = null;
        await Portal.Eventually.HoldsAsync(
            async () =>
            {
                var report = await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/usage");
                cache = report!["cache"]!.AsObject();
                return (long)cache["hits"]! == hits;
            },
            TimeSpan.FromSeconds(30),
            $"{hits} cache hits in the usage API");
        return cache!;
    }

    /// <summary>
    /// A replayed answer is the stored one with a fresh id of the same shape (prefix and length): every other field,
    /// <c>created</c> and usage included, is the same.
    /// </summary>
    public static void SameAnswerWithItsOwnId(string stored, string replayed)
    {
        var (expected, actual) = (JsonNode.Parse(stored)!.AsObject(), JsonNode.Parse(replayed)!.AsObject());
        SameIdShape((string)expected["id"]!, (string)actual["id"]!);
        actual["id"] = expected["id"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(expected, actual), $"stored {stored}\nreplayed {replayed}");
    }

    /// <summary>Two different ids with the same prefix (up to the last dash) and length.</summary>
    public static void SameIdShape(string stored, string replayed)
    {
        Assert.NotEqual(stored, replayed);
        Assert.Equal(stored.Length, replayed.Length);
        Assert.Equal(stored[..(stored.LastIndexOf('-') + 1)], replayed[..(replayed.LastIndexOf('-') + 1)]);
    }
}
