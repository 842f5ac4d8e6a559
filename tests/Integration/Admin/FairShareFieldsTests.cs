using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static GatoLink.Integration.Tests.Admin.AdminRequests;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>
/// The fair-share fields of tenants (<c>weight</c>, <c>guaranteed_share</c>, <c>max_concurrent</c>) and keys
/// (<c>priority</c>, <c>max_concurrent</c>) through the admin API: set at creation, changed by PATCH, stored (a key
/// listing is read from storage), audited with before and after.
/// </summary>
public sealed class FairShareFieldsTests : IClassFixture<AdminSiloFixture>
{
    private readonly AdminSiloFixture _fx;

    public FairShareFieldsTests(AdminSiloFixture fx) => _fx = fx;

    [Fact]
    public async Task ATenantsWeightShareAndConcurrencyAreSetChangedAndAudited()
    {
        var name = "fair-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await SendAsync(_fx.Silo.Admin, "POST", "admin/tenants", $$"""{"name":"{{name}}","weight":3,"guaranteed_share":0.2,"max_concurrent":5}""");
        var tenant = await JsonOf(created);
        var id = (string)tenant["id"]!;
        using var defaults = await SendAsync(_fx.Silo.Admin, "POST", "admin/tenants", $$"""{"name":"{{name}}-plain"}""");
        var plain = await JsonOf(defaults);

        using var patched = await SendAsync(_fx.Silo.Admin, "PATCH", $"admin/tenants/{id}", """{"weight":4,"guaranteed_share":null}""");
        var after = await JsonOf(patched);
        var audit = await AuditOf(id, "tenant.update");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(3, (int)tenant["weight"]!);
        Assert.Equal(0.2, (double)tenant["guaranteed_share"]!);
        Assert.Equal(5, (int)tenant["max_concurrent"]!);
        Assert.Equal(1, (int)plain["weight"]!);
        Assert.Null(plain["guaranteed_share"]);
        Assert.Null(plain["max_concurrent"]);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(4, (int)after["weight"]!);
        Assert.Null(after["guaranteed_share"]);
        Assert.Equal(5, (int)after["max_concurrent"]!);
        Assert.Contains("\"weight\":3", (string)audit["before"]!, StringComparison.Ordinal);
        Assert.Contains("\"guaranteed_share\":0.2", (string)audit["before"]!, StringComparison.Ordinal);
        Assert.Contains("\"weight\":4", (string)audit["after"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeysPriorityAndConcurrencyAreStoredAndAudited()
    {
        using var created = await SendAsync(_fx.Silo.Admin, "POST", $"admin/tenants/{_fx.Tenant}/keys", """{"name":"nightly","priority":"batch","max_concurrent":2}""");
        var key = await JsonOf(created);
        var id = (string)key["id"]!;

        using var patched = await SendAsync(_fx.Silo.Admin, "PATCH", $"admin/keys/{id}", """{"priority":"interactive","max_concurrent":null}""");
        var listed = (await _fx.Silo.Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{_fx.Tenant}/keys"))!
            .Single(k => (string)k!["id"]! == id)!;
        var audit = await AuditOf(_fx.Tenant.ToString(), "key.update");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("batch", (string)key["priority"]!);
        Assert.Equal(2, (int)key["max_concurrent"]!);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("interactive", (string)listed["priority"]!);
        Assert.Null(listed["max_concurrent"]);
        Assert.Contains("\"priority\":\"batch\"", (string)audit["before"]!, StringComparison.Ordinal);
        Assert.Contains("\"priority\":\"interactive\"", (string)audit["after"]!, StringComparison.Ordinal);
    }

    private async Task<JsonObject> AuditOf(string tenantId, string action)
    {
        var entries = (await _fx.Silo.Admin.GetFromJsonAsync<JsonArray>($"admin/audit?tenant_id={tenantId}&limit=1000"))!;
        return entries.Select(e => e!.AsObject()).Last(e => (string?)e["action"] == action);
    }
}
