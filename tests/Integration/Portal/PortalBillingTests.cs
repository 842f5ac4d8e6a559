using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Billing;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>
/// The portal's Billing page and printable invoice in Debian's Chromium against a real silo with NodeSim: a tenant
/// admin reads its plan and its prepaid wallet (no top-up form), a system admin tops the wallet up (a second click with
/// the same form's key credits once), the tenant spends, and its draft invoice shows the model's line and the silo's
/// exact amounts, also in print media (as a PDF). Screenshots under TestResults/portal-screenshots.
/// </summary>
public sealed class PortalBillingTests : IClassFixture<PortalSilo>, IClassFixture<PortalBrowser>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly PortalSilo _silo;
    private readonly PortalBrowser _browser;

    public PortalBillingTests(PortalSilo silo, PortalBrowser browser)
    {
        _silo = silo;
        _browser = browser;
    }

    [ToolFact]
    public async Task Tenant_admin_reads_plan_and_wallet_a_system_admin_tops_up_and_the_invoice_prints_the_silos_amounts()
    {
        if (_browser.Browser is null)
        {
            throw ToolMissing.Stop(PortalBrowser.ChromiumPath, "apt-get install -y chromium");
        }

        var plan = "portal-plan-" + Guid.NewGuid().ToString("N")[..6];
        using (var created = await _silo.Silo.Admin.PostAsJsonAsync("admin/plans", new
        {
            name = plan, monthly_fee_usd = 49m, included_usd = 20m, rpm = 600, billing = "prepaid",
            model_prices = new[] { new { model = "demo-8b", input_usd_per_million = 3m, output_usd_per_million = 5m } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var acme = await _silo.CreateTenantWithAdminAsync("billing", new { plan, low_balance_usd = 100m });
        var (keyId, secret) = await _silo.Silo.CreateKeyAsync(acme.TenantId, new { name = "app" });

        // The tenant admin: its plan, an empty prepaid wallet that is low, no way to credit it.
        var tenantPage = await _browser.NewPageAsync();
        await tenantPage.GotoAsync(_silo.PortalUrl);
        await SignInAsync(tenantPage, acme.AdminSecret);
        await tenantPage.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await Expect(tenantPage.GetByRole(AriaRole.Heading, new() { Name = $"Billing · {acme.Name}" })).ToBeVisibleAsync();
        await Expect(tenantPage.GetByTestId("plan-details")).ToContainTextAsync($"{plan} (version 1)");
        await Expect(tenantPage.GetByTestId("plan-details")).ToContainTextAsync("$49.00");
        await Expect(tenantPage.GetByTestId("plan-model-prices")).ToHaveTextAsync("demo-8b: $3.00 in, $5.00 out per million tokens");
        await Expect(tenantPage.GetByTestId("wallet-balance")).ToHaveTextAsync("$0.00");
        await Expect(tenantPage.GetByTestId("wallet-low")).ToHaveTextAsync("$100.00");
        await Expect(tenantPage.GetByTestId("wallet-status")).ToContainTextAsync("insufficient_quota");
        await Expect(tenantPage.GetByRole(AriaRole.Form, new() { Name = "Top up the wallet" })).ToHaveCountAsync(0);
        await PortalBrowser.ScreenshotAsync(tenantPage, "30-billing-tenant-empty-wallet");

        // The system admin picks the tenant and tops up; a bad amount is refused before it is sent.
        var systemPage = await _browser.NewPageAsync();
        await systemPage.GotoAsync(_silo.PortalUrl);
        await SignInAsync(systemPage, _silo.Silo.AdminKey);
        await systemPage.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await systemPage.Locator("header .tenant-picker select").SelectOptionAsync(acme.TenantId.ToString());
        await Expect(systemPage.GetByRole(AriaRole.Heading, new() { Name = $"Billing · {acme.Name}" })).ToBeVisibleAsync();
        var form = systemPage.GetByRole(AriaRole.Form, new() { Name = "Top up the wallet" });
        await form.GetByLabel("Top-up (USD)").FillAsync("0.001");
        await form.GetByLabel("Reason").FillAsync("PO 4471");
        await form.GetByRole(AriaRole.Button, new() { Name = "Top up" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("at most two decimals");
        await form.GetByLabel("Top-up (USD)").FillAsync("25.50");
        await form.GetByRole(AriaRole.Button, new() { Name = "Top up" }).ClickAsync();
        await Expect(form.GetByTestId("topup-done")).ToHaveTextAsync("Credited $25.50.");
        await Expect(systemPage.GetByTestId("wallet-balance")).ToHaveTextAsync("$25.50");
        await Expect(systemPage.GetByTestId("wallet-transactions")).ToContainTextAsync("PO 4471");
        await PortalBrowser.ScreenshotAsync(systemPage, "31-billing-topped-up");
        var wallet = (await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{acme.TenantId}/wallet"))!;
        Assert.Equal(25.5m, (decimal)wallet["balance_usd"]!);
        Assert.Single(wallet["transactions"]!.AsArray());

        // The tenant spends from the wallet; the ledger has the request.
        using (var http = _silo.Silo.Http(secret))
        using (var spent = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 32, messages = new[] { new { role = "user", content = "Bill me" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }

        await Eventually.HoldsAsync(async () => await _silo.LedgerRequestsAsync(keyId) >= 1, Patience, "the request in the usage ledger");
        var invoices = (await _silo.Silo.Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{acme.TenantId}/invoices"))!;
        var number = (string)invoices[0]!["number"]!;
        var api = (await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{acme.TenantId}/invoices/{number}"))!;
        var usageLine = api["lines"]!.AsArray().Single(l => (string?)l!["model"] == "demo-8b")!;
        Assert.Equal(3m, (decimal)usageLine["input_usd_per_million"]!);

        // The tenant admin opens the draft from the list: the model's line and the silo's amounts, to the micro-dollar.
        await tenantPage.ReloadAsync();
        await tenantPage.GetByRole(AriaRole.Link, new() { Name = $"Invoice {(string)api["period"]!}" }).ClickAsync();
        var sheet = tenantPage.GetByTestId("invoice");
        await Expect(sheet.GetByRole(AriaRole.Heading, new() { Name = $"Invoice {number}" })).ToContainTextAsync("Draft");
        var row = sheet.GetByTestId("invoice-lines").GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-8b" });
        await Expect(row).ToContainTextAsync(Usd((decimal)usageLine["amount_usd"]!));
        await Expect(row).ToContainTextAsync("$3.00");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(((long)usageLine["requests"]!).ToString("#,0", CultureInfo.InvariantCulture));
        await Expect(sheet.GetByTestId("invoice-usage")).ToHaveTextAsync(Usd((decimal)api["usage_usd"]!));
        await Expect(sheet.GetByTestId("invoice-total")).ToHaveTextAsync(Usd((decimal)api["total_usd"]!));
        await Expect(sheet).ToContainTextAsync(plan);
        await PortalBrowser.ScreenshotAsync(tenantPage, "32-invoice");

        // Printed: the portal's header and buttons go, the invoice stays.
        await tenantPage.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(tenantPage.GetByRole(AriaRole.Navigation, new() { Name = "Portal pages" })).ToBeHiddenAsync();
        await Expect(tenantPage.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await Expect(sheet.GetByTestId("invoice-total")).ToBeVisibleAsync();
        var pdf = await tenantPage.PdfAsync(new() { Path = Path.Combine(PortalBrowser.ScreenshotDirectory, "33-invoice.pdf"), Format = "A4" });
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        await tenantPage.Context.CloseAsync();
        await systemPage.Context.CloseAsync();
    }

    [ToolFact]
    public async Task A_finalized_invoice_shows_its_credit_notes_beside_its_unchanged_total()
    {
        if (_browser.Browser is null)
        {
            throw ToolMissing.Stop(PortalBrowser.ChromiumPath, "apt-get install -y chromium");
        }

        var acme = await _silo.CreateTenantWithAdminAsync("credited");
        var number = await FinalizedInvoices.StoreAsync(_silo.Silo.Services, acme.TenantId, totalMicros: 2_000_000);
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"admin/tenants/{acme.TenantId}/invoices/{number}/credit-notes")
        {
            Content = JsonContent.Create(new { amount_usd = 0.75m, reason = "outage on the 3rd" }),
        })
        {
            request.Headers.Add("Idempotency-Key", "portal-cn-1");
            using var issued = await _silo.Silo.Admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        }

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_silo.PortalUrl);
        await SignInAsync(page, acme.AdminSecret);
        await page.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"Invoice {FinalizedInvoices.Month}" }).ClickAsync();
        var sheet = page.GetByTestId("invoice");
        await Expect(sheet.GetByRole(AriaRole.Heading, new() { Name = $"Invoice {number}" })).ToBeVisibleAsync();
        await Expect(sheet.GetByTestId("invoice-total")).ToHaveTextAsync("$2.00");
        var note = sheet.GetByTestId("credit-notes").GetByRole(AriaRole.Row).Filter(new() { HasText = $"CN-{number}-1" });
        await Expect(note).ToContainTextAsync("outage on the 3rd");
        await Expect(note).ToContainTextAsync(Usd(-0.75m));
        await PortalBrowser.ScreenshotAsync(page, "34-invoice-credit-note");
        await page.Context.CloseAsync();
    }

    [ToolFact]
    public async Task A_system_admin_creates_and_edits_a_plan_with_the_silos_400_in_words_and_moves_a_tenant_onto_it_which_its_admin_reads_only()
    {
        if (_browser.Browser is null)
        {
            throw ToolMissing.Stop(PortalBrowser.ChromiumPath, "apt-get install -y chromium");
        }

        var plan = "team-" + Guid.NewGuid().ToString("N")[..6];
        var acme = await _silo.CreateTenantWithAdminAsync("moved");
        var systemPage = await _browser.NewPageAsync();
        await systemPage.GotoAsync(_silo.PortalUrl);
        await SignInAsync(systemPage, _silo.Silo.AdminKey);
        await systemPage.GetByRole(AriaRole.Link, new() { Name = "Plans" }).ClickAsync();
        await systemPage.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();

        // A negative fee is the silo's to refuse: its 400 is shown in its words, naming the field; nothing is created.
        var create = systemPage.GetByRole(AriaRole.Form, new() { Name = "Create plan" });
        await create.GetByLabel("Name", new() { Exact = true }).FillAsync(plan);
        await create.GetByLabel("Monthly fee (USD)").FillAsync("-5");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        var refusal = create.GetByRole(AriaRole.Alert);
        await Expect(refusal).ToContainTextAsync("'monthly_fee_usd' must be between 0 and");
        await Expect(refusal).ToContainTextAsync("(field: monthly_fee_usd)");
        await PortalBrowser.ScreenshotAsync(systemPage, "35-plan-refused");
        using (var absent = await _silo.Silo.Admin.GetAsync($"admin/plans/{plan}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        }

        await create.GetByLabel("Monthly fee (USD)").FillAsync("19.99");
        await create.GetByLabel("Included usage (USD)").FillAsync("5");
        await create.GetByLabel("Included tokens").FillAsync("200000");
        await create.GetByLabel("Requests per minute").FillAsync("120");
        await create.GetByLabel("Past the allowance").SelectOptionAsync("stop");
        await create.GetByLabel("Billing", new() { Exact = true }).SelectOptionAsync("prepaid");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        var row = systemPage.GetByTestId("plans-table").GetByRole(AriaRole.Row).Filter(new() { HasText = plan });
        await Expect(row).ToContainTextAsync("v1");
        await Expect(row).ToContainTextAsync("$19.99");
        await Expect(row).ToContainTextAsync("120 rpm");

        // An edit is the plan's next version.
        await systemPage.GetByRole(AriaRole.Button, new() { Name = $"Edit plan {plan}" }).ClickAsync();
        var edit = systemPage.GetByRole(AriaRole.Form, new() { Name = "Edit plan" });
        await edit.GetByLabel("Monthly fee (USD)").FillAsync("29");
        await edit.GetByLabel("Requests per minute").FillAsync("");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save as next version" }).ClickAsync();
        await Expect(row).ToContainTextAsync("v2");
        await Expect(row).ToContainTextAsync("$29.00");
        await PortalBrowser.ScreenshotAsync(systemPage, "36-plans");
        var stored = (await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/plans/{plan}"))!;
        Assert.Equal(2, (int)stored["version"]!);
        Assert.Equal(29m, (decimal)stored["monthly_fee_usd"]!);
        Assert.Equal(5m, (decimal)stored["included_usd"]!);
        Assert.Equal(200_000L, (long)stored["included_tokens"]!);
        Assert.Null(stored["rpm"]);
        Assert.Equal("stop", (string?)stored["overage"]);
        Assert.Equal("prepaid", (string?)stored["billing"]);

        // The tenant moves onto the plan from its dialog; the running month's draft bills the plan's fee from now.
        await systemPage.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        await systemPage.GetByRole(AriaRole.Button, new() { Name = $"Edit {acme.Name}" }).ClickAsync();
        await systemPage.GetByLabel("Plan", new() { Exact = true }).SelectOptionAsync(plan);
        await systemPage.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(systemPage.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Equal(plan, (string?)(await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{acme.TenantId}"))!["plan"]);
        var draft = (await _silo.Silo.Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{acme.TenantId}/invoices"))![0]!;
        Assert.Contains(draft["lines"]!.AsArray(), l => (string?)l!["kind"] == "plan_fee" && ((string)l["description"]!).StartsWith($"Plan {plan} v2,", StringComparison.Ordinal));

        // Its admin reads the plan, and nothing more: no plan of anyone else, no way to change it.
        var tenantPage = await _browser.NewPageAsync();
        await tenantPage.GotoAsync(_silo.PortalUrl);
        await SignInAsync(tenantPage, acme.AdminSecret);
        await tenantPage.GetByRole(AriaRole.Link, new() { Name = "Plans" }).ClickAsync();
        var rows = tenantPage.GetByTestId("plans-table").Locator("tbody").GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync($"{plan} v2");
        await Expect(tenantPage.GetByRole(AriaRole.Button, new() { Name = "Create plan" })).ToHaveCountAsync(0);
        await Expect(tenantPage.GetByRole(AriaRole.Button, new() { Name = $"Edit plan {plan}" })).ToHaveCountAsync(0);
        await tenantPage.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await Expect(tenantPage.GetByTestId("plan-details")).ToContainTextAsync($"{plan} (version 2)");
        await PortalBrowser.ScreenshotAsync(tenantPage, "37-plans-tenant");
        await tenantPage.Context.CloseAsync();
        await systemPage.Context.CloseAsync();
    }

    /// <summary>Dollars as the portal's invoice writes them: the cents always, up to six decimals.</summary>
    private static string Usd(decimal value) =>
        (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("#,0.00####", CultureInfo.InvariantCulture);

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GetByLabel("Admin key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
