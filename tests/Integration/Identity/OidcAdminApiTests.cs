using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Admin;

namespace GatoLink.Integration.Tests.Identity;

/// <summary>The admin API with access tokens of a real OpenID Connect provider (OpenIddict) on loopback.</summary>
public sealed class OidcAdminApiTests : IClassFixture<OidcAdminFixture>
{
    private readonly OidcAdminFixture _f;

    public OidcAdminApiTests(OidcAdminFixture fixture) => _f = fixture;

    [Fact]
    public async Task A_system_admin_group_sees_every_tenant_and_its_changes_are_audited_with_subject_and_name()
    {
        using var alice = _f.As(await _f.Provider.TokenAsync("alice"));
        var names = await TenantNamesAsync(alice);
        Assert.Contains(_f.Acme.Name, names);
        Assert.Contains(_f.Other.Name, names);

        var name = "by-alice-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await alice.PostAsJsonAsync("/admin/tenants", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await AdminRequests.JsonOf(created))["id"]!.GetValue<string>();

        var audit = await alice.GetFromJsonAsync<JsonArray>($"/admin/audit?tenant_id={id}");
        var entry = Assert.Single(audit!, e => e!["action"]!.GetValue<string>() == "tenant.create")!;
        Assert.Equal("sub-alice", entry["actor_subject"]!.GetValue<string>());
        Assert.Equal("Alice Admin", entry["actor_name"]!.GetValue<string>());
        Assert.Null(entry["actor_key_id"]);
    }

    [Fact]
    public async Task A_tenant_claim_makes_a_tenant_admin_who_sees_only_that_tenant()
    {
        using var bob = _f.As(await _f.Provider.TokenAsync("bob"));
        Assert.Equal([_f.Acme.Name], await TenantNamesAsync(bob));
        using (var other = await bob.GetAsync($"/admin/tenants/{_f.Other.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var otherKeys = await bob.GetAsync($"/admin/tenants/{_f.Other.Id}/keys"))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherKeys.StatusCode);
        }

        using (var create = await bob.PostAsJsonAsync("/admin/tenants", new { name = "bob-" + Guid.NewGuid().ToString("N")[..8] }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }

        using var key = await bob.PostAsJsonAsync($"/admin/tenants/{_f.Acme.Id}/keys", new { name = "made-by-bob" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var audit = await bob.GetFromJsonAsync<JsonArray>("/admin/audit");
        Assert.Contains(audit!, e => e!["action"]!.GetValue<string>() == "key.create" && e["actor_subject"]!.GetValue<string>() == "sub-bob");
        Assert.All(audit!, e => Assert.Equal(_f.Acme.Id.ToString(), e!["tenant_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("carol")] // no claim any rule names
    [InlineData("dave")] // a tenant claim naming no tenant of this cluster
    [InlineData("erin")] // tenant claims naming two tenants: no guess
    public async Task A_signed_in_user_no_rule_grants_gets_nothing(string user)
    {
        using var client = _f.As(await _f.Provider.TokenAsync(user));
        using var response = await client.GetAsync("/admin/tenants");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("insufficient_permissions", (await AdminRequests.ErrorOf(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        using var client = _f.As(_f.ExpiredToken);
        using var response = await client.GetAsync("/admin/tenants");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await AdminRequests.ErrorOf(response);
        Assert.Equal("invalid_token", error["code"]!.GetValue<string>());
        Assert.Contains("expired", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_401()
    {
        using var client = _f.As(await _f.Foreign.TokenAsync("alice"));
        using var response = await client.GetAsync("/admin/tenants");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_token", (await AdminRequests.ErrorOf(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_keys_keep_working_beside_tokens_and_a_user_key_is_still_refused()
    {
        Assert.Contains(_f.Acme.Name, await TenantNamesAsync(_f.Silo.Admin));
        var (_, userKey) = await _f.Silo.CreateKeyAsync(_f.Acme.Id);
        using var user = _f.As(userKey);
        using (var refused = await user.GetAsync("/admin/tenants"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var bad = _f.As("gl-not-a-key");
        using var unknown = await bad.GetAsync("/admin/tenants");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("invalid_api_key", (await AdminRequests.ErrorOf(unknown))["code"]!.GetValue<string>());
    }

    private static async Task<List<string>> TenantNamesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/admin/tenants");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
    }
}
