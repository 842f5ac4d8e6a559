using System.Net;
using static GatoLink.Integration.Tests.Admin.AdminRequests;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>
/// Every admin route with a body, found in the silo's route table, refuses a field it does not know: 400 naming it,
/// with the known field meant when the name is a near miss, so a misspelled limit never answers 200 setting nothing.
/// </summary>
public sealed class AdminUnknownFieldTests : IClassFixture<AdminSiloFixture>
{
    private readonly AdminSiloFixture _fx;

    public AdminUnknownFieldTests(AdminSiloFixture fx) => _fx = fx;

    [Fact]
    public async Task EveryBodyRouteRefusesAMisspelledFieldNamingItAndTheFieldMeant()
    {
        var routes = AdminRouteTable.Of(_fx.Silo.Services).Where(r => r.BodyType is not null).ToList();
        var failures = new List<string>();

        foreach (var route in routes)
        {
            var path = AdminRouteTable.Fill(route.Pattern, _fx.Tenant, _fx.Key);
            foreach (var field in AdminRouteTable.KnownFields(_fx.Silo.Services, route.BodyType!))
            {
                var misspelled = field[..^1];
                using var response = await SendAsync(_fx.Silo.Admin, route.Method, path, AdminRouteTable.OneField(misspelled, 5));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest
                    || !text.Contains($"\"param\":\"{misspelled}\"", StringComparison.Ordinal)
                    || !text.Contains($"did you mean '{field}'?", StringComparison.Ordinal))
                {
                    failures.Add($"{route} with '{misspelled}' (for '{field}'): {(int)response.StatusCode} {text}");
                }
            }
        }

        Assert.True(routes.Count >= 8, $"expected the admin body routes, found: {string.Join(", ", routes)}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryBodyRouteRefusesAnUnrelatedFieldNamingItWithoutAGuess()
    {
        var failures = new List<string>();
        foreach (var route in AdminRouteTable.Of(_fx.Silo.Services).Where(r => r.BodyType is not null))
        {
            var path = AdminRouteTable.Fill(route.Pattern, _fx.Tenant, _fx.Key);
            using var response = await SendAsync(_fx.Silo.Admin, route.Method, path, AdminRouteTable.OneField("zebra_stripes", true));
            var error = response.StatusCode == HttpStatusCode.BadRequest ? await ErrorOf(response) : null;
            if (error is null || (string?)error["param"] != "zebra_stripes" || ((string?)error["message"])!.Contains("did you mean", StringComparison.Ordinal))
            {
                failures.Add($"{route}: {(int)response.StatusCode} {error?.ToJsonString()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task AMisspelledBudgetOnATenantPatchSetsNothing()
    {
        var before = await JsonOf(await _fx.Silo.Admin.GetAsync($"admin/tenants/{_fx.Tenant}"));

        using var response = await SendAsync(_fx.Silo.Admin, "PATCH", $"admin/tenants/{_fx.Tenant}", """{"daily_cost_us":5}""");
        var after = await JsonOf(await _fx.Silo.Admin.GetAsync($"admin/tenants/{_fx.Tenant}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("daily_cost_us", (string?)error["param"]);
        Assert.Contains("did you mean 'daily_cost_usd'?", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }
}
