using System.Net;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Integration.Tests.Auth;

/// <summary>
/// A client address that keeps presenting unknown keys spends its failures (3 an hour here, so no refill can fall
/// inside the test) and then gets 429 with <c>Retry-After</c>, without a storage lookup, counted and logged without
/// the token; keys the silo holds still work from that address.
/// </summary>
public sealed class FailedAuthTests
{
    [Fact]
    public async Task AFloodOfRandomKeysCostsThreeLookupsThen429WithRetryAfter()
    {
        var logs = new LogCapture();
        CountingKeyStore? store = null;
        await using var silo = await SiloHarness.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["GatoLink:Gateway:FailedAuth:PermitLimit"] = "3",
                ["GatoLink:Gateway:FailedAuth:Window"] = "01:00:00",
            },
            configureServices: s =>
            {
                s.AddSingleton<ILoggerProvider>(logs);
                s.AddSingleton<IApiKeyStore>(sp => store = new CountingKeyStore(sp.GetRequiredService<IStorageProvider>().ApiKeys));
            });
        var good = await silo.CreateUserKeyAsync();
        var lookupsBefore = store!.HashLookups;
        var tokens = Enumerable.Range(0, 10).Select(_ => ApiKeySecrets.NewSecret()).ToList();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        foreach (var token in tokens)
        {
            last?.Dispose();
            using var client = silo.Http(token);
            last = await client.GetAsync("v1/models");
            statuses.Add(last.StatusCode);
        }

        using var stillGood = silo.Http(good);
        using var served = await stillGood.GetAsync("v1/models");
        using var admin = await silo.Admin.GetAsync("admin/tenants");
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };
        var metrics = await anonymous.GetStringAsync("metrics");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], statuses);
        Assert.Equal(3, store.HashLookups - lookupsBefore);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {last.Headers.RetryAfter}");
        var body = await last.Content.ReadAsStringAsync();
        Assert.Contains("\"type\":\"rate_limit_error\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(7, Exposition.Sum(metrics, "gatolink_gateway_auth_failures", "reason=\"limited\""));
        Assert.Equal(3, Exposition.Sum(metrics, "gatolink_gateway_auth_failures", "reason=\"unknown_key\""));
        var refusals = logs.Lines.Where(l => l.EventId == 1011).ToList();
        Assert.Equal(10, refusals.Count);
        Assert.Contains(refusals, l => l.Message.Contains("Limited", StringComparison.Ordinal) && l.Message.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => tokens.Any(t => l.Message.Contains(t, StringComparison.Ordinal) || l.Message.Contains(t[..12], StringComparison.Ordinal)));
        last.Dispose();
    }

    [Fact]
    public async Task ARepeatedUnknownKeyIsLookedUpOnce()
    {
        CountingKeyStore? store = null;
        await using var silo = await SiloHarness.StartAsync(
            configureServices: s => s.AddSingleton<IApiKeyStore>(sp => store = new CountingKeyStore(sp.GetRequiredService<IStorageProvider>().ApiKeys)));
        using var client = silo.Http(ApiKeySecrets.NewSecret());
        using (await client.GetAsync("v1/models"))
        {
        }

        var lookupsBefore = store!.HashLookups;
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(0, store.HashLookups - lookupsBefore);
    }
}
