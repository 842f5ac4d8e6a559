using System.ClientModel;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Microsoft.Playwright;
using OpenAI.Chat;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>
/// The portal in Debian's Chromium against a real silo with NodeSim: a tenant admin hands out a key, sees it used,
/// revokes it; another tenant's admin sees none of it; a system admin lands on every tenant's traffic, sees the cluster (silos, models, nodes), tenants and nodes. Every page is
/// saved as a screenshot under TestResults/portal-screenshots.
/// </summary>
public sealed class PortalEndToEndTests : IClassFixture<PortalSilo>, IClassFixture<PortalBrowser>
{
    private static readonly TimeSpan LedgerWait = TimeSpan.FromSeconds(30);
    private readonly PortalSilo _silo;
    private readonly PortalBrowser _browser;
    private readonly ITestOutputHelper _output;

    public PortalEndToEndTests(PortalSilo silo, PortalBrowser browser, ITestOutputHelper output)
    {
        _silo = silo;
        _browser = browser;
        _output = output;
    }

    [ToolFact]
    public async Task Tenant_admin_creates_a_key_sees_its_use_revokes_it_and_another_tenant_sees_none_of_it()
    {
        _browser.Require();
        var acme = await _silo.CreateTenantWithAdminAsync("acme", new { daily_cost_usd = 0.001m, monthly_cost_usd = 50m, monthly_tokens = 1_000_000 });
        var globex = await _silo.CreateTenantWithAdminAsync("globex");
        var page = await _browser.NewPageAsync();

        // Sign in: a wrong key is refused in words, the tenant admin's key opens the overview.
        await page.GotoAsync(_silo.PortalUrl);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "GatoLink portal" })).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "01-sign-in");
        await PortalBrowser.SignInAsync(page, "gl-not-a-real-key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The key was not accepted (401)");
        await PortalBrowser.ScreenshotAsync(page, "02-sign-in-refused");
        await PortalBrowser.SignInAsync(page, acme.AdminSecret);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Overview · {acme.Name}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tenants" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nodes" })).ToHaveCountAsync(0);
        Assert.Equal(acme.AdminSecret, await page.EvaluateAsync<string?>("sessionStorage.getItem('gatolink.portal.key')"));

        // Create a key: the secret is shown once, with a warning and a copy button.
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Keys · {acme.Name}" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("ci-bot");
        await dialog.GetByLabel("Requests per minute").FillAsync("60");
        await dialog.GetByLabel("Daily budget (USD)").FillAsync("2");
        await PortalBrowser.ScreenshotAsync(page, "03-keys-create");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(dialog.GetByText("Copy this key now: it will not be shown again.")).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        var secret = await dialog.GetByTestId("new-key-secret").InputValueAsync();
        Assert.StartsWith("gl-", secret);
        await PortalBrowser.ScreenshotAsync(page, "04-keys-secret-once");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "I have stored the key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ci-bot" });
        await Expect(row).ToContainTextAsync("60 rpm · $2.00/day");
        await Expect(row).ToContainTextAsync("active");
        var keyId = Guid.Parse((await row.GetAttributeAsync("data-key-id"))!);

        // Use it through the official OpenAI SDK.
        var chat = _silo.Silo.OpenAi(secret).GetChatClient("demo-8b");
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hello from the portal test")], new ChatCompletionOptions { MaxOutputTokenCount = 16 });
        Assert.NotEmpty(completion.Content[0].Text);

        // The ledger writes in batches: wait until the request is there, then see it on the portal.
        await Eventually.HoldsAsync(async () => await _silo.LedgerRequestsAsync(keyId) >= 1, LedgerWait, "the request in the usage ledger");
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Usage · {acme.Name}" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Expect(page.GetByTestId("usage-requests")).ToHaveTextAsync("1");
        await PortalBrowser.ScreenshotAsync(page, "05-usage-by-day");
        await page.GetByLabel("Key", new() { Exact = true }).CheckAsync();
        var keyRow = page.GetByTestId("usage-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "ci-bot" });
        await Expect(keyRow).ToBeVisibleAsync();
        await Expect(keyRow.GetByRole(AriaRole.Cell).First).ToHaveTextAsync("1");
        await PortalBrowser.ScreenshotAsync(page, "06-usage-by-key");
        await page.GetByLabel("GPU node", new() { Exact = true }).CheckAsync();
        await Expect(page.GetByTestId("usage-table").GetByRole(AriaRole.Columnheader, new() { Name = "Node share" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("usage-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "%" }).First).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "06b-usage-by-node");
        await page.GetByLabel("Key", new() { Exact = true }).CheckAsync();

        // The CSV is the REST API's own.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        var csvPath = Path.Combine(PortalBrowser.ScreenshotDirectory, "usage-by-key.csv");
        await download.SaveAsAsync(csvPath);
        var csv = await File.ReadAllTextAsync(csvPath);
        Assert.StartsWith("group,requests,prompt_tokens,completion_tokens,cost_usd,errors,p50_ttft_ms,p95_ttft_ms", csv, StringComparison.Ordinal);
        Assert.Contains($"{keyId:D},1,", csv, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        // Edit its limits: a daily budget below what it has spent today already.
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Today");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit ci-bot" }).ClickAsync();
        await dialog.GetByLabel("Requests per minute").FillAsync("120");
        await dialog.GetByLabel("Daily budget (USD)").FillAsync("0.00001");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row).ToContainTextAsync("120 rpm");
        await Expect(row).ToContainTextAsync("120 rpm · $0.00001/day");

        // The overview shows the spend against each budget (the key's daily budget is used up: red, and said so)
        // and the key and model among the top ones.
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Tenant · spend this month" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Key ci-bot · spend today" })).ToHaveAttributeAsync("aria-valuetext", new System.Text.RegularExpressions.Regex("budget reached$"));
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Top keys by spend, last 30 days" })).ToContainTextAsync("ci-bot");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Top models by spend, last 30 days" })).ToContainTextAsync("demo-8b");
        await PortalBrowser.ScreenshotAsync(page, "07-overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();

        // Rotate it without grace: a new secret, shown once; the old one is refused at once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate ci-bot" }).ClickAsync();
        await dialog.GetByLabel("Keep the old secret working for").SelectOptionAsync("0");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Rotate key" }).ClickAsync();
        await Expect(dialog.GetByText("Copy this key now: it will not be shown again.")).ToBeVisibleAsync();
        var rotated = await dialog.GetByTestId("new-key-secret").InputValueAsync();
        Assert.StartsWith("gl-", rotated);
        Assert.NotEqual(secret, rotated);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "I have stored the key" }).ClickAsync();
        await Eventually.HoldsAsync(async () => await StatusOfAsync(chat) == 401, TimeSpan.FromSeconds(10), "the old secret to be refused");
        chat = _silo.Silo.OpenAi(rotated).GetChatClient("demo-8b");

        // Revoke it, after a confirmation; the SDK is then refused.
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci-bot" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("This cannot be undone");
        await PortalBrowser.ScreenshotAsync(page, "08-keys-revoke-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci-bot" })).ToHaveCountAsync(0);
        await PortalBrowser.ScreenshotAsync(page, "09-keys-list");
        await Eventually.HoldsAsync(async () => await StatusOfAsync(chat) == 401, TimeSpan.FromSeconds(10), "the revoked key to be refused");

        // The audit log has both changes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        var audit = page.GetByTestId("audit-table");
        await Expect(audit).ToContainTextAsync("key.revoke");
        await Expect(audit).ToContainTextAsync("key.update");
        await Expect(audit).ToContainTextAsync("key.rotate");
        await Expect(audit).ToContainTextAsync($"key/{keyId:D}");
        await PortalBrowser.ScreenshotAsync(page, "10-audit");

        // Sign out forgets the key.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('gatolink.portal.key')"));

        // Another tenant's admin sees none of it.
        await PortalBrowser.SignInAsync(page, globex.AdminSecret);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Overview · {globex.Name}" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No requests in the last 30 days.").First).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "11-other-tenant-overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        await Expect(page.GetByTestId("keys-table")).ToContainTextAsync("globex-admin");
        await Expect(page.GetByTestId("keys-table")).Not.ToContainTextAsync("ci-bot");
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(page.GetByText("No requests in this range.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("key.create");
        await Expect(page.GetByTestId("audit-table")).Not.ToContainTextAsync(keyId.ToString("D"));
        await PortalBrowser.ScreenshotAsync(page, "12-other-tenant-audit");

        // Even by URL: the other tenant's key is not found for this admin.
        var probe = await page.EvaluateAsync<int>($"fetch('/admin/keys/{keyId:D}', {{ headers: {{ Authorization: 'Bearer ' + sessionStorage.getItem('gatolink.portal.key') }} }}).then(r => r.status)");
        Assert.Equal(404, probe);
        await page.Context.CloseAsync();
    }

    [ToolFact]
    public async Task System_admin_sees_tenants_and_live_nodes_and_drains_one()
    {
        _browser.Require();

        // Traffic of one tenant, in the ledger before the system admin looks.
        var busy = await _silo.CreateTenantWithAdminAsync("busy");
        var (busyKey, busySecret) = await _silo.Silo.CreateKeyAsync(busy.TenantId, new { name = "busy-user" });
        var chat = _silo.Silo.OpenAi(busySecret).GetChatClient("demo-8b");
        await chat.CompleteChatAsync([new UserChatMessage("Hello from the operator's view test")], new ChatCompletionOptions { MaxOutputTokenCount = 8 });
        await Eventually.HoldsAsync(async () => await _silo.LedgerRequestsAsync(busyKey) >= 1, LedgerWait, "the busy tenant's request in the ledger");

        // A system admin lands on the whole cluster: every tenant's traffic, and the top tenants.
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_silo.PortalUrl);
        await PortalBrowser.SignInAsync(page, _silo.Silo.AdminKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview · all tenants" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("top-tenants")).ToContainTextAsync(busy.Name);
        await Expect(page.GetByTestId("requests-30d")).Not.ToHaveTextAsync("0");
        await PortalBrowser.ScreenshotAsync(page, "12-cluster-overview");

        // The Cluster page: the silo Orleans knows, the model's queue and recommendation, the nodes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cluster", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("silos-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "active" })).ToHaveCountAsync(1);
        var model = page.GetByTestId("models-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-8b" });
        await Expect(model).ToHaveCountAsync(1);
        await Expect(model.GetByTestId("desired-nodes")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("cluster-nodes-table")).ToContainTextAsync("node-1");
        await PortalBrowser.ScreenshotAsync(page, "12-cluster");

        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var name = $"initech-{Guid.NewGuid().ToString("N")[..6]}";
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Monthly budget (USD)").FillAsync("250");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        var tenantRow = page.GetByTestId("tenants-table").GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(tenantRow).ToContainTextAsync("$250.00/month");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
        await dialog.GetByLabel("Requests per minute").FillAsync("600");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(tenantRow).ToContainTextAsync("600 rpm · $250.00/month");
        await PortalBrowser.ScreenshotAsync(page, "13-tenants");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nodes" }).ClickAsync();
        var nodeRow = page.GetByTestId("nodes-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "node-1" });
        await Expect(nodeRow).ToContainTextAsync("load fresh");
        await Expect(nodeRow).ToContainTextAsync("closed");
        await Expect(page.GetByTestId("nodes-updated")).ToContainTextAsync("refreshes every 3 s");
        await PortalBrowser.ScreenshotAsync(page, "14-nodes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Drain node-1" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Drain node" }).ClickAsync();
        await Expect(nodeRow).ToContainTextAsync("draining");
        await PortalBrowser.ScreenshotAsync(page, "15-nodes-draining");
        await page.GetByRole(AriaRole.Button, new() { Name = "Undrain node-1" }).ClickAsync();
        await Expect(nodeRow).ToContainTextAsync("serving");
        await page.Context.CloseAsync();
    }

    [ToolFact]
    public async Task Api_errors_are_shown_in_words_not_a_blank_page()
    {
        _browser.Require();
        var acme = await _silo.CreateTenantWithAdminAsync("errors");
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_silo.PortalUrl);
        await PortalBrowser.SignInAsync(page, acme.AdminSecret);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Overview · {acme.Name}" })).ToBeVisibleAsync();

        // 429 from the usage API.
        await page.RouteAsync(url => url.Contains("/usage?", StringComparison.Ordinal), route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 429,
            ContentType = "application/json",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "12" },
            Body = """{"error":{"message":"Rate limit reached for requests.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
        }));
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await page.GetByLabel("Range").SelectOptionAsync("7d");
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Too many requests (429)");
        await Expect(alert).ToContainTextAsync("Try again in 12 seconds.");
        await PortalBrowser.ScreenshotAsync(page, "16-error-429");

        // The network goes down.
        await page.UnrouteAllAsync();
        await page.RouteAsync(url => url.Contains("/usage?", StringComparison.Ordinal), route => route.AbortAsync("internetdisconnected"));
        await page.GetByLabel("Range").SelectOptionAsync("90d");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cannot reach GatoLink");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "17-error-network");

        // 403 from the audit API.
        await page.RouteAsync(url => url.Contains("/admin/audit", StringComparison.Ordinal), route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 403,
            ContentType = "application/json",
            Body = """{"error":{"message":"Only a system admin may do this.","type":"permission_error","param":null,"code":"insufficient_permissions"}}""",
        }));
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not allowed (403)");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only a system admin may do this.");
        await page.Context.CloseAsync();
    }

    /// <summary>The HTTP status of one small chat completion (200 when it succeeds).</summary>
    private static async Task<int> StatusOfAsync(ChatClient chat)
    {
        try
        {
            await chat.CompleteChatAsync([new UserChatMessage("still there?")], new ChatCompletionOptions { MaxOutputTokenCount = 1 });
            return 200;
        }
        catch (ClientResultException ex)
        {
            return ex.Status;
        }
    }
}
