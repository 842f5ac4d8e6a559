using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Alerts;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Portal;

namespace GatoLink.Integration.Tests.Alerts;

/// <summary>
/// A tenant's budget alert: the tenant's grain (not the key's) decides, on the tenant's own thresholds, and the alert
/// reaches the audit log and a real receiver signed, in the Slack format the webhook asked for.
/// </summary>
public sealed class TenantAlertTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ATenantCrossingItsOwnThresholdFiresOneTenantAlertAuditedAndDeliveredInSlackFormat()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, new Dictionary<string, string?> { ["GatoLink:Webhooks:PollInterval"] = "00:00:00.100" });

        // 1,000 µUSD a day for the tenant, none for the key; a request costs its prompt + 2 × 140 output tokens (~290 µUSD).
        var tenant = await silo.CreateTenantAsync("tenant-alerts-" + Guid.NewGuid().ToString("N")[..8], new { daily_cost_usd = 0.001m });
        var (_, secret) = await silo.CreateKeyAsync(tenant, new { name = "k" });
        using (var put = await silo.Admin.PutAsJsonAsync($"admin/tenants/{tenant}/alerts", new { thresholds = new[] { 20, 90 } }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var created = await silo.Admin.PostAsJsonAsync("admin/webhooks", new { url = receiver.Url, format = "slack", tenant_id = tenant });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhookSecret = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!;

        using (var http = silo.Http(secret))
        using (var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 140, messages = new[] { new { role = "user", content = "hi" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var delivered = await receiver.NextAsync(Patience);
        Assert.True(WebhookSignature.Verify(webhookSecret, delivered.Signature, delivered.Body), $"bad signature {delivered.Signature}");
        var text = (string)JsonNode.Parse(delivered.Body)!["text"]!;
        Assert.Contains($"tenant {tenant}", text, StringComparison.Ordinal);
        Assert.Contains("past its 20% alert", text, StringComparison.Ordinal);

        // In the tenant's audit log, once, with the event's data: the tenant's scope and threshold.
        JsonArray alerts = [];
        await Eventually.HoldsAsync(async () =>
        {
            var audit = (await silo.Admin.GetFromJsonAsync<JsonArray>($"admin/audit?tenant_id={tenant}"))!;
            alerts = [.. audit.Where(a => (string)a!["action"]! == "alert.budget.threshold").Select(a => a!.DeepClone())];
            return alerts.Count > 0;
        }, Patience, "the alert in the audit log");
        var data = JsonNode.Parse((string)alerts.Single()!["after"]!)!;
        Assert.Equal("tenant", (string)data["scope"]!);
        Assert.Equal(tenant, Guid.Parse((string)data["scope_id"]!));
        Assert.Equal(20, (int)data["threshold_percent"]!);
        Assert.False(receiver.TryNext(out _));
    }
}
