using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Telemetry;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>
/// <c>/metrics</c> carries tenant names and spend: a silo that listens beyond loopback (or is told to guard it) asks
/// for the scrape token or a system admin key; the embedded default on loopback stays open.
/// </summary>
public sealed class MetricsAccessTests
{
    private const string ScrapeToken = "scrape-token-for-tests-0123456789";

    [Theory]
    [InlineData(true, "http://127.0.0.1:8080")]
    [InlineData(true, "http://localhost:5000")]
    [InlineData(true, "http://127.0.0.1:8080", "http://[::1]:8080")]
    [InlineData(false, "http://0.0.0.0:8080")]
    [InlineData(false, "http://[::]:8080")]
    [InlineData(false, "http://*:8080")]
    [InlineData(false, "http://+:8080")]
    [InlineData(false, "http://10.1.2.3:8080")]
    [InlineData(false, "http://127.0.0.1:8080", "http://0.0.0.0:9090")]
    [InlineData(false)]
    public void OnlyLoopbackAddressesCountAsLoopback(bool loopback, params string[] addresses) =>
        Assert.Equal(loopback, ListenAddresses.AllLoopback(addresses));

    [Fact]
    public async Task AGuardedSiloServesMetricsToTheScrapeTokenOrASystemAdminKeyOnly()
    {
        await using var silo = await SiloHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GatoLink:Metrics:Access"] = "Guarded",
            ["GatoLink:Metrics:ScrapeToken"] = ScrapeToken,
        });
        var tenant = await silo.CreateTenantAsync("scrape-" + Guid.NewGuid().ToString("N")[..8]);
        var (_, tenantAdmin) = await silo.CreateKeyAsync(tenant, new { name = "ta", role = "tenant_admin" });
        var (_, user) = await silo.CreateKeyAsync(tenant, new { name = "u" });
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };

        using var open = await anonymous.GetAsync("metrics");
        using var wrong = await ScrapeAsync(silo, "not-the-scrape-token-at-all");
        using var asTenantAdmin = await ScrapeAsync(silo, tenantAdmin);
        using var asUser = await ScrapeAsync(silo, user);
        using var withToken = await ScrapeAsync(silo, ScrapeToken);
        using var asSystemAdmin = await silo.Admin.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Contains(open.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Contains("metrics_unauthorized", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asTenantAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Contains("gatolink_", await withToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asSystemAdmin.StatusCode);
    }

    private static async Task<HttpResponseMessage> ScrapeAsync(SiloHarness silo, string bearer)
    {
        using var client = silo.Http(bearer);
        return await client.GetAsync("metrics");
    }

    [Fact]
    public async Task TheEmbeddedDefaultOnLoopbackIsOpen()
    {
        await using var silo = await SiloHarness.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = silo.BaseUrl };

        using var response = await anonymous.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
