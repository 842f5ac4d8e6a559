using System.Net;
using GatoLink.Gateway.Admin.Access;
using static GatoLink.Integration.Tests.Admin.AdminRequests;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>
/// Every /admin route, read from the silo's route table, decides who may call it before its body is read: with a body
/// that is not even JSON, the wrong caller gets 401 (no key), 403 (user key; tenant admin on a system-admin route) or
/// 404 (another tenant's object), never the 400 the body deserves. A new route without a rule fails here.
/// </summary>
public sealed class AdminAuthorizationFirstTests : IClassFixture<AdminSiloFixture>
{
    private const string BrokenBody = "{\"rpm\":";

    private readonly AdminSiloFixture _fx;

    public AdminAuthorizationFirstTests(AdminSiloFixture fx) => _fx = fx;

    [Fact]
    public async Task EveryAdminRouteAnswersTheWrongCallerBeforeLookingAtTheBody()
    {
        var routes = AdminRouteTable.Of(_fx.Silo.Services);
        var otherTenant = await _fx.Silo.CreateTenantAsync("other-" + Guid.NewGuid().ToString("N")[..8]);
        var (_, otherAdmin) = await _fx.Silo.CreateKeyAsync(otherTenant, new { name = "other-admin", role = "tenant_admin" });
        var (_, ownAdmin) = await _fx.Silo.CreateKeyAsync(_fx.Tenant, new { name = "own-admin", role = "tenant_admin" });
        var (_, user) = await _fx.Silo.CreateKeyAsync(_fx.Tenant, new { name = "user" });
        using var anonymous = new HttpClient { BaseAddress = _fx.Silo.BaseUrl };
        using var asUser = _fx.Silo.Http(user);
        using var asOtherAdmin = _fx.Silo.Http(otherAdmin);
        using var asOwnAdmin = _fx.Silo.Http(ownAdmin);
        var failures = new List<string>();

        foreach (var route in routes)
        {
            var path = AdminRouteTable.Fill(route.Pattern, _fx.Tenant, _fx.Key);
            var body = route.BodyType is null ? null : BrokenBody;
            if (!route.Access.Contains(AdminAccess.Admin))
            {
                failures.Add($"{route}: no admin rule (map it on MapAdminGroup)");
                continue;
            }

            await ExpectAsync(anonymous, "anonymous", HttpStatusCode.Unauthorized);
            await ExpectAsync(asUser, "a user key", HttpStatusCode.Forbidden);
            if (route.Access.Contains(AdminAccess.OwnsTenant) || route.Access.Contains(AdminAccess.OwnsKey) || route.Access.Contains(AdminAccess.OwnsWebhook)
                || route.Access.Contains(AdminAccess.SeesPlan))
            {
                await ExpectAsync(asOtherAdmin, "another tenant's admin", HttpStatusCode.NotFound);
            }
            else if (route.Access.Contains(AdminAccess.SystemAdmin))
            {
                await ExpectAsync(asOtherAdmin, "another tenant's admin", HttpStatusCode.Forbidden);
            }

            if (route.Access.Contains(AdminAccess.SystemAdmin))
            {
                await ExpectAsync(asOwnAdmin, "the tenant's own admin", HttpStatusCode.Forbidden);
            }
            else if (body is not null)
            {
                // Let through: only now is the body read, and refused.
                await ExpectAsync(asOwnAdmin, "the tenant's own admin", HttpStatusCode.BadRequest);
            }

            async Task ExpectAsync(HttpClient client, string caller, HttpStatusCode expected)
            {
                using var response = await SendAsync(client, route.Method, path, body);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != expected || !text.Contains("\"error\"", StringComparison.Ordinal))
                {
                    failures.Add($"{route} as {caller}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
                }
            }
        }

        Assert.True(routes.Count >= 25, $"expected the admin routes, found: {string.Join(", ", routes)}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ATenantAdminPatchingAnotherTenantWithABadBodyGets404AndItsOwnTenant403()
    {
        var otherTenant = await _fx.Silo.CreateTenantAsync("patcher-" + Guid.NewGuid().ToString("N")[..8]);
        var (_, otherAdmin) = await _fx.Silo.CreateKeyAsync(otherTenant, new { name = "patcher", role = "tenant_admin" });
        using var asOtherAdmin = _fx.Silo.Http(otherAdmin);

        using var cross = await SendAsync(asOtherAdmin, "PATCH", $"admin/tenants/{_fx.Tenant}", """{"rpm":-5}""");
        using var own = await SendAsync(asOtherAdmin, "PATCH", $"admin/tenants/{otherTenant}", """{"rpm":-5}""");
        using var system = await SendAsync(asOtherAdmin, "POST", "admin/nodes", "{}");

        Assert.Equal(HttpStatusCode.NotFound, cross.StatusCode);
        Assert.Equal("not_found", (string?)(await ErrorOf(cross))["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal("insufficient_permissions", (string?)(await ErrorOf(own))["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, system.StatusCode);
    }
}
