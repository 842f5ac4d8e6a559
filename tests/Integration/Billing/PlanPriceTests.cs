using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.Integration.Tests.Quotas;
using Microsoft.Extensions.DependencyInjection;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Plans;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// A plan's own model prices on three silos and PostgreSQL: a plan written on one silo prices its tenants' requests on
/// another at once (the ledger row's cost, the invoice's unit prices and amount), a tenant without the plan keeps the
/// model's price, a change is the next request's price, and bad prices are refused naming the entry with nothing written.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PlanPriceTests : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ClusterFixture _cluster;

    public PlanPriceTests(ClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task APlansModelPriceBillsItsTenantsOnEverySiloAndTheInvoiceShowsItWhileOthersPayTheModelsPrice()
    {
        var plan = "priced-" + Guid.NewGuid().ToString("N")[..6];
        // demo-8b costs 1 and 2 micro-dollars per input and output token; the plan charges 3 and 5.
        using (var created = await _cluster.First.Admin.PostAsJsonAsync("admin/plans", new
        {
            name = plan,
            model_prices = new[] { new { model = "demo-8b", input_usd_per_million = 3m, output_usd_per_million = 5m } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var view = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(3m, (decimal)view["model_prices"]![0]!["input_usd_per_million"]!);
        }

        var onPlan = await _cluster.First.CreateTenantAsync("priced-" + Guid.NewGuid().ToString("N")[..6], new { plan });
        var (planKey, planSecret) = await _cluster.First.CreateKeyAsync(onPlan, new { name = "p" });
        var offPlan = await _cluster.First.CreateTenantAsync("list-" + Guid.NewGuid().ToString("N")[..6]);
        var (listKey, listSecret) = await _cluster.First.CreateKeyAsync(offPlan, new { name = "l" });

        // Requests through the other silos, once they have learned the plan from the first one's broadcast.
        await KnowsAsync(_cluster.Silos[1], plan, version: 1, onPlan);
        var (prompt, completion) = await ChatAsync(_cluster.Silos[1], planSecret);
        var (listPrompt, listCompletion) = await ChatAsync(_cluster.Silos[2], listSecret);
        Assert.Equal((prompt * 3) + (completion * 5), await LedgerCostMicrosAsync(planKey, 1));
        Assert.Equal(listPrompt + (listCompletion * 2), await LedgerCostMicrosAsync(listKey, 1));

        // The draft invoice: the model's line at the plan's unit prices; its amount and usage_usd are the ledger's cost.
        var invoice = await DraftAsync(onPlan);
        var line = invoice["lines"]!.AsArray().Single(l => (string?)l!["model"] == "demo-8b")!;
        Assert.Equal(3m, (decimal)line["input_usd_per_million"]!);
        Assert.Equal(5m, (decimal)line["output_usd_per_million"]!);
        Assert.Equal(((prompt * 3) + (completion * 5)) / 1_000_000m, (decimal)line["amount_usd"]!);
        Assert.Equal((decimal)line["amount_usd"]!, (decimal)invoice["usage_usd"]!);
        var listLine = (await DraftAsync(offPlan))["lines"]!.AsArray().Single(l => (string?)l!["model"] == "demo-8b")!;
        Assert.Equal(1m, (decimal)listLine["input_usd_per_million"]!);

        // A new version of the plan is the next request's price, on a silo that did not write it.
        using (var patched = await _cluster.Silos[2].Admin.PatchAsJsonAsync($"admin/plans/{plan}", new
        {
            model_prices = new[] { new { model = "demo-8b", input_usd_per_million = 7m, output_usd_per_million = 11m } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        await KnowsAsync(_cluster.Silos[1], plan, version: 2, onPlan);
        var (again, againCompletion) = await ChatAsync(_cluster.Silos[1], planSecret);
        Assert.Equal((prompt * 3) + (completion * 5) + (again * 7) + (againCompletion * 11), await LedgerCostMicrosAsync(planKey, 2));
    }

    [Theory]
    [InlineData("no-such-model", "1", "model_prices[0].model")]
    [InlineData("demo-8b", "-1", "model_prices[0].input_usd_per_million")]
    [InlineData("demo-8b", "0.0000001", "model_prices[0].input_usd_per_million")]
    public async Task ABadModelPriceIsA400NamingItsEntryAndNothingIsWritten(string model, string input, string field)
    {
        var plan = "bad-price-" + Guid.NewGuid().ToString("N")[..6];
        var prices = new[] { new { model, input_usd_per_million = decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture), output_usd_per_million = 1m } };
        using (var created = await _cluster.First.Admin.PostAsJsonAsync("admin/plans", new { name = plan, model_prices = prices }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
            Assert.Equal(field, (string?)(await created.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
        }

        using (var missing = await _cluster.First.Admin.GetAsync($"admin/plans/{plan}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var good = await _cluster.First.Admin.PostAsJsonAsync("admin/plans", new { name = plan }))
        {
            Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        }

        using var patched = await _cluster.First.Admin.PatchAsJsonAsync($"admin/plans/{plan}", new { monthly_fee_usd = 5m, model_prices = prices });
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
        var stored = (await _cluster.First.Admin.GetFromJsonAsync<JsonObject>($"admin/plans/{plan}"))!;
        Assert.Equal(1, (int)stored["version"]!);
        Assert.Equal(0m, (decimal)stored["monthly_fee_usd"]!);
        Assert.Empty(stored["model_prices"]!.AsArray());
    }

    [Fact]
    public async Task AModelPricedTwiceIsA400()
    {
        var prices = new[]
        {
            new { model = "demo-8b", input_usd_per_million = 1m, output_usd_per_million = 1m },
            new { model = "demo-8b", input_usd_per_million = 2m, output_usd_per_million = 2m },
        };
        using var created = await _cluster.First.Admin.PostAsJsonAsync("admin/plans", new { name = "twice-" + Guid.NewGuid().ToString("N")[..6], model_prices = prices });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal("model_prices[1].model", (string?)(await created.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
    }

    /// <summary>
    /// Waits until <paramref name="silo"/>'s copies hold <paramref name="version"/> of <paramref name="plan"/> and
    /// <paramref name="tenant"/> on it (the broadcast that carries them is asynchronous).
    /// </summary>
    private static Task KnowsAsync(SiloHarness silo, string plan, int version, Guid tenant)
    {
        var plans = silo.Services.GetRequiredService<PlanDirectory>();
        var tenants = silo.Services.GetRequiredService<TenantDirectory>();
        return Wait.UntilAsync(() => plans.Get(plan)?.Version >= version && tenants.Get(tenant)?.Record.Billing?.Plan == plan, Patience);
    }

    private static async Task<(long Prompt, long Completion)> ChatAsync(SiloHarness silo, string secret)
    {
        using var http = silo.Http(secret);
        using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 24, messages = new[] { new { role = "user", content = "Price me by my plan" } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = (await response.Content.ReadFromJsonAsync<JsonObject>())!["usage"]!;
        return ((long)usage["prompt_tokens"]!, (long)usage["completion_tokens"]!);
    }

    /// <summary>The key's ledger cost in micro-USD once it holds <paramref name="requests"/> requests.</summary>
    private async Task<long> LedgerCostMicrosAsync(Guid key, long requests)
    {
        var report = await Wait.UntilAsync(
            () => _cluster.First.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{key}/usage?group_by=day")!,
            r => r!["rows"]!.AsArray().Sum(row => (long)row!["requests"]!) >= requests,
            Patience);
        return (long)(report!["rows"]!.AsArray().Sum(row => (decimal)row!["cost_usd"]!) * 1_000_000m);
    }

    private async Task<JsonObject> DraftAsync(Guid tenant)
    {
        var list = (await _cluster.First.Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{tenant}/invoices"))!;
        return (await _cluster.First.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/invoices/{(string)list[0]!["number"]!}"))!;
    }
}
