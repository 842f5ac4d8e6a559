using System.Net.Http.Json;
using GatoLink.Cli.Hosting;
using GatoLink.Integration.Tests.Billing;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class BillingCommandTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task CreateAndUpdateAPlanThenPutATenantOnItAsPrepaid()
    {
        var name = "cli-plan-" + Guid.NewGuid().ToString("N")[..6];
        var created = (await fixture.RunAsync("plans", "create", "--name", name, "--monthly-fee-usd", "49", "--included-usd", "20", "--rpm", "600", "--overage", "stop",
            "--model-price", "demo-8b=3,5.5", "--included-tokens", "100000", "-o", "json")).Succeeded().Json;
        Assert.Equal(100_000, (long)created["included_tokens"]!);
        Assert.Equal(1, (int)created["version"]!);
        Assert.Equal("demo-8b", (string)created["model_prices"]![0]!["model"]!);
        Assert.Equal(5.5m, (decimal)created["model_prices"]![0]!["output_usd_per_million"]!);
        Assert.Contains("demo-8b $3.00, $5.50", (await fixture.RunAsync("plans", "show", name)).Succeeded().Stdout, StringComparison.Ordinal);
        (await fixture.RunAsync("plans", "update", name, "--model-price", "demo-8b:3")).FailedWith(ExitCodes.Usage);
        Assert.Contains("No model is named 'nope'", (await fixture.RunAsync("plans", "update", name, "--model-price", "nope=1,2")).FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
        Assert.Equal(49m, (decimal)created["monthly_fee_usd"]!);
        Assert.Equal("stop", (string)created["overage"]!);

        var updated = (await fixture.RunAsync("plans", "update", name, "--monthly-fee-usd", "59", "--unset", "rpm", "--unset", "model-prices")).Succeeded();
        Assert.Contains($"Updated plan {name} (version 2)", updated.Stdout, StringComparison.Ordinal);
        Assert.Contains("$59.00", updated.Stdout, StringComparison.Ordinal);
        var shown = (await fixture.RunAsync("plans", "show", name, "-o", "json")).Succeeded().Json;
        Assert.Null(shown["rpm"]);
        Assert.Empty(shown["model_prices"]!.AsArray());
        Assert.Contains(name, (await fixture.RunAsync("plans", "list")).Succeeded().Stdout, StringComparison.Ordinal);
        Assert.Contains("already exists", (await fixture.RunAsync("plans", "create", "--name", name)).FailedWith(ExitCodes.Failed), StringComparison.Ordinal);

        var tenant = await fixture.Silo.CreateTenantAsync("cli-billing");
        var onPlan = (await fixture.RunAsync("tenants", "update", tenant.ToString(), "--plan", name, "--billing", "prepaid", "--low-balance-usd", "5")).Succeeded();
        Assert.Contains(name, onPlan.Stdout, StringComparison.Ordinal);
        Assert.Contains("prepaid", onPlan.Stdout, StringComparison.Ordinal);
        Assert.Contains("No plan is named", (await fixture.RunAsync("tenants", "update", tenant.ToString(), "--plan", "no-such-plan")).FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
        var json = (await fixture.RunAsync("tenants", "show", tenant.ToString(), "-o", "json")).Succeeded().Json;
        Assert.Equal(name, (string)json["plan"]!);
        Assert.Equal(5m, (decimal)json["low_balance_usd"]!);
    }

    [Fact]
    public async Task ATopUpRunTwiceWithOneIdempotencyKeyCreditsOnceAndShowsInTheWallet()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-wallet", new { billing = "prepaid", low_balance_usd = 50m });
        string[] topUp = ["wallet", "topup", "--tenant", tenant.ToString(), "--amount-usd", "25.50", "--reason", "PO 4471", "--idempotency-key", "po-4471"];

        var first = (await fixture.RunAsync(topUp)).Succeeded();
        Assert.Contains("Credited $25.50", first.Stdout, StringComparison.Ordinal);
        var again = (await fixture.RunAsync(topUp)).Succeeded();
        Assert.Contains("nothing more was credited", again.Stdout, StringComparison.Ordinal);
        var reused = await fixture.RunAsync("wallet", "topup", "--tenant", tenant.ToString(), "--amount-usd", "30", "--reason", "PO 4471", "--idempotency-key", "po-4471");
        Assert.Contains("Idempotency-Key", reused.FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
        Assert.Contains("amount_usd", (await fixture.RunAsync("wallet", "topup", "--tenant", tenant.ToString(), "--amount-usd", "0.001", "--reason", "x", "--idempotency-key", "k2")).FailedWith(ExitCodes.Failed), StringComparison.Ordinal);

        var wallet = (await fixture.RunAsync("wallet", "show", "--tenant", tenant.ToString(), "-o", "json")).Succeeded().Json;
        Assert.Equal(25.5m, (decimal)wallet["balance_usd"]!);
        Assert.True((bool)wallet["low"]!);
        Assert.Single(wallet["transactions"]!.AsArray());
        var table = (await fixture.RunAsync("wallet", "show", "--tenant", tenant.ToString())).Succeeded();
        Assert.Contains("(LOW)", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("po-4471", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantAdminReadsItsWalletButCannotTopItUpOrCreatePlans()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-wallet-ta", new { billing = "prepaid" });
        var (_, admin) = await fixture.Silo.CreateKeyAsync(tenant, new { name = "ta", role = "tenant_admin" });
        var asTenant = new Dictionary<string, string?>(StringComparer.Ordinal) { ["GATOLINK_ADMIN_KEY"] = admin };

        (await fixture.RunWithAsync(asTenant, null, "wallet", "show", "--tenant", tenant.ToString())).Succeeded();
        var topUp = await fixture.RunWithAsync(asTenant, null, "wallet", "topup", "--tenant", tenant.ToString(), "--amount-usd", "10", "--reason", "self", "--idempotency-key", "self-1");
        Assert.Equal(ExitCodes.Failed, topUp.ExitCode);
        Assert.Equal(ExitCodes.Failed, (await fixture.RunWithAsync(asTenant, null, "plans", "create", "--name", "mine")).ExitCode);
        var other = await fixture.Silo.CreateTenantAsync("cli-wallet-other");
        Assert.Equal(ExitCodes.Failed, (await fixture.RunWithAsync(asTenant, null, "wallet", "show", "--tenant", other.ToString())).ExitCode);
        var wallet = (await fixture.RunAsync("wallet", "show", "--tenant", tenant.ToString(), "-o", "json")).Succeeded().Json;
        Assert.Equal(0m, (decimal)wallet["balance_usd"]!);
    }

    [Fact]
    public async Task TheRunningMonthsDraftInvoiceListsShowsItsUsageLineAndPrintsTheSilosCsv()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-invoice");
        var (_, secret) = await fixture.Silo.CreateKeyAsync(tenant);
        using (var http = fixture.Silo.Http(secret))
        using (var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 16, messages = new[] { new { role = "user", content = "hi" } } }))
        {
            response.EnsureSuccessStatusCode();
        }

        var list = (await fixture.RunAsync("invoices", "list", "--tenant", tenant.ToString(), "-o", "json")).Succeeded().Json.AsArray();
        var number = (string)list[0]!["number"]!;
        Assert.Equal("draft", (string)list[0]!["status"]!);
        Assert.Contains(number, (await fixture.RunAsync("invoices", "list", "--tenant", tenant.ToString())).Succeeded().Stdout, StringComparison.Ordinal);

        var invoice = await WaitForUsageAsync(tenant, number);
        Assert.Contains("demo-8b", invoice.Stdout, StringComparison.Ordinal);
        Assert.Contains("Total", invoice.Stdout, StringComparison.Ordinal);
        using var direct = await fixture.Silo.Admin.GetAsync($"admin/tenants/{tenant}/invoices/{number}?format=csv");
        var csv = (await fixture.RunAsync("invoices", "show", "--tenant", tenant.ToString(), number, "--csv")).Succeeded();
        Assert.Equal(await direct.Content.ReadAsStringAsync(), csv.Stdout);
        Assert.Contains("Invoice was not found", (await fixture.RunAsync("invoices", "show", "--tenant", tenant.ToString(), "190001-" + tenant.ToString("N"))).FailedWith(ExitCodes.Failed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACreditNoteIssuedTwiceWithOneKeyIsOneNoteShownWithTheInvoice()
    {
        var tenant = await fixture.Silo.CreateTenantAsync("cli-credit");
        var number = await FinalizedInvoices.StoreAsync(fixture.Silo.Services, tenant, totalMicros: 2_000_000);
        string[] credit = ["invoices", "credit", "--tenant", tenant.ToString(), number, "--amount-usd", "0.75", "--reason", "outage", "--idempotency-key", "cn-1"];

        Assert.Contains($"Issued credit note CN-{number}-1 for $0.75.", (await fixture.RunAsync(credit)).Succeeded().Stdout, StringComparison.Ordinal);
        Assert.Contains("Already issued", (await fixture.RunAsync(credit)).Succeeded().Stdout, StringComparison.Ordinal);
        var shown = (await fixture.RunAsync("invoices", "show", "--tenant", tenant.ToString(), number)).Succeeded();
        Assert.Contains($"Credit note CN-{number}-1: $0.75 (outage)", shown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"CN-{number}-2", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("$2.00", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains($"CN-{number}-1,2026-11,issued,credit_note,outage", (await fixture.RunAsync("invoices", "show", "--tenant", tenant.ToString(), number, "--csv")).Succeeded().Stdout, StringComparison.Ordinal);
    }

    // The ledger writes in batches after the answer: the draft shows the request once its row is written.
    private async Task<CliRun> WaitForUsageAsync(Guid tenant, string number)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var json = (await fixture.RunAsync("invoices", "show", "--tenant", tenant.ToString(), number, "-o", "json")).Succeeded().Json;
            if (json["lines"]!.AsArray().Any(l => (string?)l!["model"] == "demo-8b"))
            {
                return (await fixture.RunAsync("invoices", "show", "--tenant", tenant.ToString(), number)).Succeeded();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
