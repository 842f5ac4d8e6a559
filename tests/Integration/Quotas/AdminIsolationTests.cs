using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>
/// RBAC of the admin API: a tenant admin sees only its tenant (anything else is 404, as if it did not exist),
/// a user key gets 403 on every admin route, and every mutation lands in the audit log without secrets.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminIsolationTests : IClassFixture<SingleSiloFixture>, IAsyncLifetime
{
    private readonly SingleSiloFixture _fx;
    private Guid _ownTenant;
    private Guid _ownKey;
    private Guid _otherTenant;
    private Guid _otherKey;
    private HttpClient _tenantAdmin = null!;
    private HttpClient _user = null!;

    public AdminIsolationTests(SingleSiloFixture fx) => _fx = fx;

    /// <summary>Every admin route, with {tenant} and {key} to fill in. Body null: no body.</summary>
    public static TheoryData<string, string, string?> Routes() => new()
    {
        { "GET", "admin/tenants/{tenant}", null },
        { "PATCH", "admin/tenants/{tenant}", """{"rpm":5}""" },
        { "DELETE", "admin/tenants/{tenant}", null },
        { "GET", "admin/tenants/{tenant}/keys", null },
        { "POST", "admin/tenants/{tenant}/keys", """{"name":"x"}""" },
        { "GET", "admin/tenants/{tenant}/budget", null },
        { "GET", "admin/keys/{key}", null },
        { "PATCH", "admin/keys/{key}", """{"rpm":5}""" },
        { "DELETE", "admin/keys/{key}", null },
        { "POST", "admin/keys/{key}/rotate", null },
        { "GET", "admin/keys/{key}/budget", null },
        { "GET", "admin/audit?tenant_id={tenant}", null },
    };

    public async Task InitializeAsync()
    {
        var silo = _fx.Silo;
        _ownTenant = await silo.CreateTenantAsync("own-" + Guid.NewGuid().ToString("N")[..8], new { rpm = 1000 });
        _otherTenant = await silo.CreateTenantAsync("other-" + Guid.NewGuid().ToString("N")[..8]);
        var (_, adminSecret) = await silo.CreateKeyAsync(_ownTenant, new { name = "ta", role = "tenant_admin" });
        (_ownKey, var userSecret) = await silo.CreateKeyAsync(_ownTenant, new { name = "u", rpm = 50, daily_cost_usd = 1.5m });
        (_otherKey, _) = await silo.CreateKeyAsync(_otherTenant, new { name = "theirs" });
        _tenantAdmin = silo.Http(adminSecret);
        _user = silo.Http(userSecret);
    }

    public Task DisposeAsync()
    {
        _tenantAdmin.Dispose();
        _user.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ATenantAdminGets404ForAnotherTenantsAnything(string method, string route, string? body)
    {
        using var response = await SendAsync(_tenantAdmin, method, Fill(route, _otherTenant, _otherKey), body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("not_found", (string?)error!["error"]!["code"]);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AUserKeyGets403OnEveryAdminRoute(string method, string route, string? body)
    {
        using var response = await SendAsync(_user, method, Fill(route, _ownTenant, _ownKey), body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ATenantAdminReadsItsOwnKeysAndBudgets()
    {
        using var key = await _tenantAdmin.GetAsync($"admin/keys/{_ownKey}");
        using var keyBudget = await _tenantAdmin.GetAsync($"admin/keys/{_ownKey}/budget");
        using var tenantBudget = await _tenantAdmin.GetAsync($"admin/tenants/{_ownTenant}/budget");

        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        var budget = await keyBudget.Content.ReadFromJsonAsync<JsonObject>();
        var names = budget!["limits"]!.AsArray().Select(l => (string)l!["name"]!).ToList();
        Assert.Equal(["requests_per_minute", "daily_cost"], names);
        Assert.Equal(1_500_000, (long)budget["limits"]![1]!["limit"]!);
        Assert.Equal(HttpStatusCode.OK, tenantBudget.StatusCode);
    }

    [Fact]
    public async Task AUserKeyReadsItsOwnBudgetOnV1()
    {
        using var response = await _user.GetAsync("v1/budget");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var budget = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(_ownKey, Guid.Parse((string)budget!["id"]!));
        Assert.Equal(50, (long)budget["limits"]![0]!["limit"]!);
        Assert.Equal("50", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
    }

    [Fact]
    public async Task RotationWithGraceKeepsTheOldSecretWorkingAndIsAuditedWithoutSecrets()
    {
        var silo = _fx.Silo;
        var (keyId, oldSecret) = await silo.CreateKeyAsync(_ownTenant, new { name = "rotating" });
        using var rotate = await silo.Admin.PostAsync($"admin/keys/{keyId}/rotate?grace_seconds=60", null);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonObject>();
        var newSecret = (string)rotated!["key"]!;
        using var oldClient = silo.Http(oldSecret);
        using var newClient = silo.Http(newSecret);

        using var withOld = await oldClient.GetAsync("v1/models");
        using var withNew = await newClient.GetAsync("v1/models");
        using var audit = await _tenantAdmin.GetAsync("admin/audit");
        var text = await audit.Content.ReadAsStringAsync();

        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Contains("key.rotate", text, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(oldSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_otherTenant.ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotationWithoutGraceRetiresTheOldSecretAtOnce()
    {
        var silo = _fx.Silo;
        var (keyId, oldSecret) = await silo.CreateKeyAsync(_ownTenant, new { name = "rotating-now" });
        using var rotate = await silo.Admin.PostAsync($"admin/keys/{keyId}/rotate", null);
        using var oldClient = silo.Http(oldSecret);

        using var withOld = await oldClient.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheAccountRoutes()
    {
        using var anonymous = new HttpClient { BaseAddress = _fx.Silo.BaseUrl };

        var document = await anonymous.GetStringAsync("openapi/v1.json");

        foreach (var route in new[] { "/admin/keys/{id}/rotate", "/admin/keys/{id}/budget", "/admin/tenants/{id}/budget", "/admin/audit", "/v1/budget" })
        {
            Assert.Contains(route, document, StringComparison.Ordinal);
        }
    }

    private static string Fill(string route, Guid tenant, Guid key) =>
        route.Replace("{tenant}", tenant.ToString(), StringComparison.Ordinal).Replace("{key}", key.ToString(), StringComparison.Ordinal);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
