using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Invoices;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.Integration.Tests.Storage;
using Npgsql;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// A tenant's plan change over HTTP on PostgreSQL: the tenant row and the plan period its invoice prorates by are one
/// transaction, so a database that refuses the period leaves the tenant on its old plan and answers a clear 503.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PlanChangeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task APlanChangeTheDatabaseRefusesHalfwayAnswers503AndLeavesTheOldPlanThenAnAcceptedOneProratesTheDraft()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, postgres: database);
        var plan = "sw-" + Guid.NewGuid().ToString("N")[..6];
        (await silo.Admin.PostAsJsonAsync("admin/plans", new { name = plan, monthly_fee_usd = 30m })).EnsureSuccessStatusCode();
        var tenant = await silo.CreateTenantAsync("switcher", new { plan });

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await PlanPeriodRefusal.InstallAsync(connection, postgres: true);
        using (var refused = await silo.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { plan = "pro" }))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            Assert.Equal("storage_unavailable", (string?)JsonNode.Parse(body)!["error"]!["code"]);
            Assert.True(refused.Headers.RetryAfter is not null, "no Retry-After");
        }

        Assert.Equal(plan, (string?)(await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}"))!["plan"]);
        Assert.Equal(plan, await ScalarAsync<string>(connection, "SELECT plan FROM tenants WHERE id = @t", tenant));
        Assert.Equal(1L, await ScalarAsync<long>(connection, "SELECT count(*) FROM tenant_plan_periods WHERE tenant_id = @t", tenant));

        await PlanPeriodRefusal.LiftAsync(connection, postgres: true);
        using (var accepted = await silo.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { plan = "pro" }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal("pro", (string?)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["plan"]);
        }

        Assert.Equal("pro", await ScalarAsync<string>(connection, "SELECT plan FROM tenants WHERE id = @t", tenant));
        Assert.Equal("pro", await ScalarAsync<string>(connection, "SELECT plan FROM tenant_plan_periods WHERE tenant_id = @t ORDER BY starts_at DESC LIMIT 1", tenant));

        // The running month's draft carries one fee line per plan, split at the change.
        var month = BillingMonth.Of(DateTimeOffset.UtcNow);
        var draft = (await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/invoices/{month.NumberFor(tenant)}"))!;
        var fees = draft["lines"]!.AsArray().Where(l => (string?)l!["kind"] == "plan_fee").Select(l => (string)l!["description"]!).ToList();
        Assert.Collection(
            fees,
            f => Assert.StartsWith($"Plan {plan} v1, ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Plan pro v1, ", f, StringComparison.Ordinal));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, Guid tenant)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", tenant);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
