using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Quotas;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>Plans on a silo with PostgreSQL: their limits hold for their tenants at once, narrowed by the tenant's own; tenant admins see only their own plan.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PlanTests : IClassFixture<SingleSiloFixture>
{
    private readonly SingleSiloFixture _fx;

    public PlanTests(SingleSiloFixture fx) => _fx = fx;

    private HttpClient Admin => _fx.Silo.Admin;

    [Fact]
    public async Task APlansRateLimitHoldsForItsTenantAndAChangeTakesEffectAtOnceAsANewVersion()
    {
        var name = "team-" + Guid.NewGuid().ToString("N")[..6];
        using (var created = await Admin.PostAsJsonAsync("admin/plans", new { name, monthly_fee_usd = 10m, included_usd = 5m, rpm = 2 }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var tenant = await _fx.Silo.CreateTenantAsync("planned-" + Guid.NewGuid().ToString("N")[..6], new { plan = name });
        var (_, secret) = await _fx.Silo.CreateKeyAsync(tenant, new { name = "k" });
        var chat = NoRetryOpenAi.Chat(_fx.Silo, secret);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 1 };
        await chat.CompleteChatAsync([new UserChatMessage("a")], options);
        await chat.CompleteChatAsync([new UserChatMessage("b")], options);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("c")], options));
        Assert.Equal(429, refused.Status);
        Assert.Contains("tenant requests per minute", refused.Message, StringComparison.Ordinal);

        using var patched = await Admin.PatchAsJsonAsync($"admin/plans/{name}", new { rpm = 1000 });
        var plan = (await patched.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, (int)plan["version"]!);
        Assert.Equal(1000, (int)plan["rpm"]!);
        await chat.CompleteChatAsync([new UserChatMessage("d")], options);

        using var tenantView = await Admin.GetAsync($"admin/tenants/{tenant}");
        var view = (await tenantView.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(name, (string?)view["plan"]);
        Assert.Equal("postpaid", (string?)view["billing"]);
    }

    [Fact]
    public async Task APlanThatStopsAtItsAllowanceRefusesWithABudgetRefusalAndTheTenantsOwnLimitNarrowsIt()
    {
        var name = "stop-" + Guid.NewGuid().ToString("N")[..6];
        using (var created = await Admin.PostAsJsonAsync("admin/plans", new { name, included_usd = 0.002m, overage = "stop", rpm = 100 }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // The tenant's own rpm of 1000 does not widen the plan's 100; its monthly budget is the plan's allowance.
        var tenant = await _fx.Silo.CreateTenantAsync("stopper-" + Guid.NewGuid().ToString("N")[..6], new { plan = name, rpm = 1000 });
        using var budget = await Admin.GetAsync($"admin/tenants/{tenant}/budget");
        var limits = (await budget.Content.ReadFromJsonAsync<JsonObject>())!["limits"]!.AsArray();
        Assert.Equal(100, (long)limits.Single(l => (string)l!["name"]! == "requests_per_minute")!["limit"]!);
        Assert.Equal(2_000, (long)limits.Single(l => (string)l!["name"]! == "monthly_cost")!["limit"]!);

        var (_, secret) = await _fx.Silo.CreateKeyAsync(tenant, new { name = "k" });
        var chat = NoRetryOpenAi.Chat(_fx.Silo, secret);
        ClientResultException? refusal = null;
        for (var i = 0; i < 20 && refusal is null; i++)
        {
            try
            {
                await chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 400 });
            }
            catch (ClientResultException ex) when (ex.Status == 429)
            {
                refusal = ex;
            }
        }

        Assert.NotNull(refusal);
        Assert.Contains("budget_exceeded", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantAdminSeesOnlyItsOwnPlanAndCannotChangeIt()
    {
        var tenant = await _fx.Silo.CreateTenantAsync("viewer-" + Guid.NewGuid().ToString("N")[..6], new { plan = "pro" });
        var (_, admin) = await _fx.Silo.CreateKeyAsync(tenant, new { name = "admin", role = "tenant_admin" });
        using var asAdmin = _fx.Silo.Http(admin);

        using var own = await asAdmin.GetAsync("admin/plans/pro");
        using var other = await asAdmin.GetAsync("admin/plans/enterprise");
        using var list = await asAdmin.GetAsync("admin/plans");
        using var change = await asAdmin.PatchAsJsonAsync("admin/plans/pro", new { monthly_fee_usd = 0m });
        using var all = await Admin.GetAsync("admin/plans");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(49m, (decimal)(await own.Content.ReadFromJsonAsync<JsonObject>())!["monthly_fee_usd"]!);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(["pro"], (await list.Content.ReadFromJsonAsync<JsonArray>())!.Select(p => (string)p!["name"]!));
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Superset(new HashSet<string> { "free", "pro", "enterprise" }, (await all.Content.ReadFromJsonAsync<JsonArray>())!.Select(p => (string)p!["name"]!).ToHashSet());
    }

    [Theory]
    [InlineData("""{"name":"p-neg","monthly_fee_usd":-1}""", "monthly_fee_usd")]
    [InlineData("""{"name":"p-frac","included_usd":0.0000001}""", "included_usd")]
    [InlineData("""{"name":"p-over","overage":"sometimes"}""", "overage")]
    [InlineData("""{"name":"p-typo","monthly_fee":1}""", "monthly_fee")]
    [InlineData("""{"name":"pro"}""", "name")]
    public async Task ABadPlanIsRefusedNamingTheField(string json, string field)
    {
        using var response = await Admin.PostAsync("admin/plans", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
        Assert.Equal(field, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
    }
}
