using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.Integration.Tests.Quotas;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// A plan's included tokens on a silo with PostgreSQL: past them a <c>stop</c> plan refuses (a monthly token budget), an
/// <c>overage</c> plan bills the rest, and the draft invoice shows the tokens the allowance covered and what it covered
/// of the ledger's cost, exactly.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PlanTokenAllowanceTests : IClassFixture<SingleSiloFixture>
{
    private readonly SingleSiloFixture _fx;

    public PlanTokenAllowanceTests(SingleSiloFixture fx) => _fx = fx;

    private HttpClient Admin => _fx.Silo.Admin;

    [Fact]
    public async Task AStopPlansIncludedTokensRefuseTheTenantOnceUsed()
    {
        var plan = await CreatePlanAsync(new { included_tokens = 120, overage = "stop" });
        var tenant = await _fx.Silo.CreateTenantAsync("tokens-stop-" + Guid.NewGuid().ToString("N")[..6], new { plan });
        var (_, secret) = await _fx.Silo.CreateKeyAsync(tenant, new { name = "k" });

        using var http = _fx.Silo.Http(secret);
        long used = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 16, messages = new[] { new { role = "user", content = "count me" } } });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var usage = (await response.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!;
            used += (long)usage["total_tokens"]!;
            response.Dispose();
        }

        using (refused)
        {
            Assert.NotNull(refused);
            var error = (await refused!.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
            Assert.Contains("monthly token", (string)error["message"]!, StringComparison.Ordinal);
        }

        Assert.InRange(used, 1, 120);
    }

    [Fact]
    public async Task AnOveragePlansIncludedTokensCoverTheirShareOfTheLedgersCostOnTheInvoice()
    {
        var plan = await CreatePlanAsync(new { included_tokens = 50, monthly_fee_usd = 1m });
        var tenant = await _fx.Silo.CreateTenantAsync("tokens-over-" + Guid.NewGuid().ToString("N")[..6], new { plan });
        var (key, secret) = await _fx.Silo.CreateKeyAsync(tenant, new { name = "k" });
        using (var http = _fx.Silo.Http(secret))
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 32, messages = new[] { new { role = "user", content = "bill me past it" } } });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var report = await Wait.UntilAsync(() => Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{key}/usage?group_by=day")!,
            r => r!["rows"]!.AsArray().Sum(row => (long)row!["requests"]!) >= 3, TimeSpan.FromSeconds(30));
        var rows = report!["rows"]!.AsArray();
        var tokens = rows.Sum(r => (long)r!["prompt_tokens"]! + (long)r["completion_tokens"]!);
        var costMicros = (long)(rows.Sum(r => (decimal)r!["cost_usd"]!) * 1_000_000m);
        Assert.True(tokens > 50, $"{tokens} tokens used");

        var list = (await Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{tenant}/invoices"))!;
        var invoice = (await Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/invoices/{(string)list[0]!["number"]!}"))!;
        var included = (long)invoice["included_tokens"]!;
        Assert.InRange(included, 1, 50);
        Assert.Equal(included, (long)invoice["included_tokens_used"]!);
        // What the allowance covered: the cost × included ÷ used, rounded half up, in integers.
        var covered = ((2 * costMicros * included) + tokens) / (2 * tokens);
        Assert.Equal(covered / 1_000_000m, (decimal)invoice["included_used_usd"]!);
        Assert.Equal(costMicros / 1_000_000m, (decimal)invoice["usage_usd"]!);
        Assert.Equal(invoice["lines"]!.AsArray().Sum(l => (decimal)l!["amount_usd"]!), (decimal)invoice["total_usd"]!);
    }

    [Fact]
    public async Task NegativeIncludedTokensAreA400NamingTheFieldAndNullRemovesThem()
    {
        using (var bad = await Admin.PostAsJsonAsync("admin/plans", new { name = "neg-" + Guid.NewGuid().ToString("N")[..6], included_tokens = -1 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("included_tokens", (string?)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
        }

        var plan = await CreatePlanAsync(new { included_tokens = 1000 });
        using var cleared = await Admin.PatchAsJsonAsync($"admin/plans/{plan}", new { included_tokens = (long?)null });
        var view = (await cleared.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Null(view["included_tokens"]);
        Assert.Equal(2, (int)view["version"]!);
    }

    private async Task<string> CreatePlanAsync(object fields)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(fields)!.AsObject();
        var name = "tok-" + Guid.NewGuid().ToString("N")[..6];
        body["name"] = name;
        using var created = await Admin.PostAsJsonAsync("admin/plans", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }
}
