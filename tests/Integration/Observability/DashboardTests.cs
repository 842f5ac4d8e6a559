using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Dashboard;

namespace GatoLink.Integration.Tests.Observability;

/// <summary>The Orleans Dashboard at /dashboard: only for the system-admin key, as a Bearer token or a Basic password.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task DashboardIsRefusedWithAChallengeWithoutTheAdminKeyAndServedWithIt()
    {
        await using var silo = await SiloHarness.StartAsync();
        var userKey = await silo.CreateUserKeyAsync();
        using var http = new HttpClient { BaseAddress = silo.BaseUrl };

        foreach (var refused in new AuthenticationHeaderValue?[]
        {
            null,
            new("Bearer", userKey),
            new("Bearer", "gl-not-a-key"),
            Basic("admin", userKey),
            Basic("admin", "wrong"),
            new("Basic", "not base64!"),
        })
        {
            foreach (var path in new[] { "dashboard/", "dashboard/ClusterStats", "dashboard/index.min.js" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = refused } };
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                var schemes = response.Headers.WwwAuthenticate.Select(c => c.Scheme).ToList();
                Assert.Equal(["Basic", "Bearer"], schemes);
                Assert.Contains(DashboardAuthFilter.Realm, response.Headers.WwwAuthenticate.First().Parameter, StringComparison.Ordinal);
            }
        }

        foreach (var admitted in new[] { new AuthenticationHeaderValue("Bearer", silo.AdminKey), Basic("anyone", silo.AdminKey) })
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, "dashboard/") { Headers = { Authorization = admitted } };
            using var pageResponse = await http.SendAsync(page);
            Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
            Assert.Equal("text/html", pageResponse.Content.Headers.ContentType?.MediaType);

            using var stats = new HttpRequestMessage(HttpMethod.Get, "dashboard/ClusterStats") { Headers = { Authorization = admitted } };
            using var statsResponse = await http.SendAsync(stats);
            Assert.Equal(HttpStatusCode.OK, statsResponse.StatusCode);
            Assert.Equal("application/json", statsResponse.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task DashboardCanBeSwitchedOff()
    {
        await using var silo = await SiloHarness.StartAsync(settings: new Dictionary<string, string?> { ["Telemetry:Dashboard"] = "false" });
        using var http = new HttpClient { BaseAddress = silo.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", silo.AdminKey);

        using var response = await http.GetAsync("dashboard/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer gl-abc", "gl-abc")]
    [InlineData("bearer   gl-abc  ", "gl-abc")]
    [InlineData("Bearer ", null)]
    [InlineData("Basic YWRtaW46Z2wtYWJj", "gl-abc")] // admin:gl-abc
    [InlineData("Basic OmdsLWFiYw==", "gl-abc")] // :gl-abc
    [InlineData("Basic Z2wtYWJj", null)] // gl-abc, no colon
    [InlineData("Basic YWRtaW46", null)] // admin:
    [InlineData("Basic %%%", null)]
    [InlineData("Digest x", null)]
    [InlineData("", null)]
    public void SecretIsTheBearerTokenOrTheBasicPassword(string header, string? secret) =>
        Assert.Equal(secret, DashboardAuthFilter.SecretOf(header));

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
