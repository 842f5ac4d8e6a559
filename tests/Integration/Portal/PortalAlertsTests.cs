using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Alerts;
using GatoLink.Integration.Tests.Alerts;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GatoLink.Integration.Tests.Portal;

/// <summary>
/// The portal's Alerts page in Debian's Chromium against a real silo with NodeSim: a tenant admin sets the tenant's and
/// a key's alert rules (a bad threshold is refused in words naming the field), adds a JSON and a Slack webhook pointing
/// at real receivers, spends past the key's threshold, and sees the signed deliveries (a 500, then the retry) in the
/// delivery log; the changes and the alert are in the audit log, and the request's tag groups and filters the Usage
/// page. Screenshots under TestResults/portal-screenshots.
/// </summary>
public sealed class PortalAlertsTests : IClassFixture<PortalSilo>, IClassFixture<PortalBrowser>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly PortalSilo _silo;
    private readonly PortalBrowser _browser;

    public PortalAlertsTests(PortalSilo silo, PortalBrowser browser)
    {
        _silo = silo;
        _browser = browser;
    }

    [ToolFact]
    public async Task Tenant_admin_edits_alert_rules_adds_webhooks_and_sees_an_alert_delivered_after_a_retry()
    {
        _browser.Require();

        await using var json = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var slack = await WebhookReceiver.StartAsync(failFirst: 0);
        var acme = await _silo.CreateTenantWithAdminAsync("alerts");
        // A request costs 1 µUSD per prompt token plus 2 per output token: 64 output tokens pass 10 % of 1,000 µUSD, not 90 %.
        var (keyId, secret) = await _silo.Silo.CreateKeyAsync(acme.TenantId, new { name = "search-app", daily_cost_usd = 0.001m });
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_silo.PortalUrl);
        await PortalBrowser.SignInAsync(page, acme.AdminSecret);
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Alerts · {acme.Name}" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tenant-alerts")).ToHaveTextAsync("50 % · 80 % · 100 % · no anomaly alert (default)");

        // The tenant's rules: a threshold over 100 is the silo's 400, shown with the field it names; then a good one.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit alerts of tenant {acme.Name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Thresholds (% of each budget)").FillAsync("50, 150");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save alerts" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("The alerts were not changed: The request was refused (400)");
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("Threshold 150 is not a percentage from 1 to 100. (field: thresholds)");
        await PortalBrowser.ScreenshotAsync(page, "20-alerts-bad-threshold");
        await dialog.GetByLabel("Thresholds (% of each budget)").FillAsync("75, 95");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save alerts" }).ClickAsync();
        await Expect(page.GetByTestId("tenant-alerts")).ToHaveTextAsync("75 % · 95 % · no anomaly alert");

        // The key's rules: its own thresholds and a spend anomaly factor.
        var keyRow = page.GetByTestId("key-alerts-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "search-app" });
        await Expect(keyRow).ToContainTextAsync("(default)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit alerts of search-app" }).ClickAsync();
        await dialog.GetByLabel("Thresholds (% of each budget)").FillAsync("10 90");
        await dialog.GetByLabel("Anomaly factor").FillAsync("5");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save alerts" }).ClickAsync();
        await Expect(keyRow).ToContainTextAsync("10 % · 90 % · anomaly at 5×");
        var stored = (await _silo.Silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}/alerts"))!;
        Assert.Equal([10, 90], stored["thresholds"]!.AsArray().Select(t => (int)t!).ToList());
        Assert.Equal(5.0, (double)stored["anomaly_factor"]!);
        Assert.False((bool)stored["is_default"]!);
        await PortalBrowser.ScreenshotAsync(page, "21-alerts-rules");

        // Two webhooks: JSON (its signing secret shown once) and Slack's format.
        var jsonSecret = await AddWebhookAsync(page, json.Url, slackFormat: false);
        await AddWebhookAsync(page, slack.Url, slackFormat: true);
        var hooks = page.GetByTestId("webhooks-table");
        await Expect(hooks.GetByRole(AriaRole.Row).Filter(new() { HasText = slack.Url })).ToContainTextAsync("slack");
        await Expect(hooks.GetByRole(AriaRole.Row).Filter(new() { HasText = json.Url })).ToContainTextAsync("budget.threshold");

        // Spend past 10 % of the key's daily budget: the key's grain raises the alert, the worker delivers it.
        using (var http = _silo.Silo.Http(secret))
        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "demo-8b", max_tokens = 64, messages = new[] { new { role = "user", content = "Cross the first threshold" } } }),
            Headers = { { "x-gatolink-tags", "feature=search" } },
        })
        using (var spent = await http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }

        var failed = await json.NextAsync(Patience);
        var delivered = await json.NextAsync(Patience);
        Assert.Equal((500, 200), (failed.AnsweredStatus, delivered.AnsweredStatus));
        Assert.Equal(failed.EventId, delivered.EventId);
        Assert.True(WebhookSignature.Verify(jsonSecret, delivered.Signature, delivered.Body), $"bad signature {delivered.Signature}");
        var alert = JsonNode.Parse(delivered.Body)!;
        Assert.Equal("budget.threshold", (string)alert["type"]!);
        Assert.Equal(10, (int)alert["data"]!["threshold_percent"]!);
        var text = JsonNode.Parse((await slack.NextAsync(Patience)).Body)!.AsObject();
        Assert.Equal(["text"], text.Select(p => p.Key).ToList());
        Assert.Contains("past its 10% alert", (string)text["text"]!, StringComparison.Ordinal);

        // The delivery log on the page: the 500, then the retry that got through.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Deliveries to {json.Url}" }).ClickAsync();
        var log = page.GetByTestId("deliveries-table");
        await Expect(log.GetByRole(AriaRole.Row).Filter(new() { HasText = "failed (500), retried later" })).ToHaveCountAsync(1);
        await Expect(log.GetByRole(AriaRole.Row).Filter(new() { HasText = "delivered (200)" })).ToHaveCountAsync(1);
        await PortalBrowser.ScreenshotAsync(page, "22-alerts-deliveries");

        // Every change and the alert itself are in the tenant's audit log.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        var audit = page.GetByTestId("audit-table");
        await Expect(audit).ToContainTextAsync("tenant.alerts");
        await Expect(audit).ToContainTextAsync("key.alerts");
        await Expect(audit).ToContainTextAsync("webhook.create");
        await Expect(audit).ToContainTextAsync("alert.budget.threshold");
        await PortalBrowser.ScreenshotAsync(page, "23-alerts-audit");

        // The request's tag groups and filters its usage on the Usage page.
        await Eventually.HoldsAsync(async () => await _silo.LedgerRequestsAsync(keyId) >= 1, Patience, "the request in the usage ledger");
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await page.GetByLabel("Tag", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Tag key").FillAsync("feature");
        var usage = page.GetByTestId("usage-table");
        await Expect(usage.GetByRole(AriaRole.Columnheader, new() { Name = "GPU cost" })).ToBeVisibleAsync();
        await Expect(usage.GetByRole(AriaRole.Row).Filter(new() { HasText = "search" }).GetByRole(AriaRole.Cell).First).ToHaveTextAsync("1");
        await page.GetByLabel("Only tags").FillAsync("search");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'search' is not a tag filter");
        await page.GetByLabel("Only tags").FillAsync("feature:billing");
        await Expect(page.GetByText("No requests in this range.")).ToBeVisibleAsync();
        await page.GetByLabel("Only tags").FillAsync("feature:search");
        await Expect(usage.GetByRole(AriaRole.Row).Filter(new() { HasText = "search" })).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "24-usage-by-tag");
        await page.Context.CloseAsync();
    }

    /// <summary>Adds a webhook for budget thresholds through the dialog and returns its signing secret, shown once.</summary>
    private static async Task<string> AddWebhookAsync(IPage page, string url, bool slackFormat)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("URL").FillAsync(url);
        await dialog.GetByLabel("Spend anomalies").UncheckAsync();
        await dialog.GetByLabel("Body format").SelectOptionAsync(slackFormat ? "slack" : "json");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(dialog.GetByText("Copy this signing secret now: it will not be shown again.")).ToBeVisibleAsync();
        var secret = await dialog.GetByTestId("new-key-secret").InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "I have stored the secret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        return secret;
    }
}
