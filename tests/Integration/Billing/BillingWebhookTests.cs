using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Alerts;
using GatoLink.Integration.Tests.Alerts;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using Npgsql;
using static GatoLink.Integration.Tests.Billing.WalletRequests;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// A prepaid wallet's events through the outbox the alerts use, to a real HTTP receiver: <c>wallet.low</c> when the
/// balance falls below its threshold and <c>wallet.exhausted</c> at the first refusal, signed, retried after a 500,
/// one event per id; the key's own <c>/v1/budget</c> shows the wallet as low.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BillingWebhookTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ADrainedWalletTellsLowThenExhaustedOnceEachSignedAndRetriedAfterA500()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var database = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["GatoLink:Webhooks:PollInterval"] = "00:00:00.100",
            ["GatoLink:Webhooks:MinBackoff"] = "00:00:00.200",
        };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, settings, postgres: database);
        var tenant = await PrepaidTenantAsync(silo, "hooks", new { low_balance_usd = 0.004m });
        var (_, secret) = await silo.CreateKeyAsync(tenant, new { name = "k" });
        using var created = await silo.Admin.PostAsJsonAsync("admin/webhooks", new { url = receiver.Url, events = new[] { "wallet.low", "wallet.exhausted" }, tenant_id = tenant });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhookSecret = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!;
        using (var topUp = await TopUpAsync(silo.Admin, tenant, "credit-1", new { amount_usd = 0.01m, reason = "test credit" }))
        {
            Assert.Equal(HttpStatusCode.Created, topUp.StatusCode);
        }

        using var http = silo.Http(secret);
        var refused = false;
        for (var i = 0; i < 100 && !refused; i++)
        {
            using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 300, messages = new[] { new { role = "user", content = "hi" } } });
            refused = response.StatusCode == HttpStatusCode.TooManyRequests;
        }

        Assert.True(refused);

        // The key sees its tenant's wallet below the threshold in its own budget (micro-dollars), once nothing is in flight.
        var own = (await Wait.UntilAsync(
            async () => (await http.GetFromJsonAsync<JsonObject>("v1/budget"))!["wallet"]!,
            w => (long)w["balance"]! == (long)w["available"]!,
            Patience))!;
        Assert.Equal(4_000L, (long)own["low_balance"]!);
        Assert.True((bool)own["low"]!);
        Assert.InRange((long)own["balance"]!, 0L, 3_999L);

        var posts = new List<WebhookReceiver.Received>();
        for (var i = 0; i < 3; i++)
        {
            posts.Add(await receiver.NextAsync(Patience));
        }

        Assert.All(posts, p => Assert.True(WebhookSignature.Verify(webhookSecret, p.Signature, p.Body), $"bad signature {p.Signature}"));
        var delivered = posts.Where(p => p.AnsweredStatus == 200).Select(p => JsonNode.Parse(p.Body)!).ToList();
        Assert.Equal(["wallet.exhausted", "wallet.low"], delivered.Select(e => (string)e["type"]!).Order(StringComparer.Ordinal));
        Assert.Equal(2, posts.Where(p => p.AnsweredStatus == 200).Select(p => p.EventId).Distinct().Count());
        var failed = Assert.Single(posts, p => p.AnsweredStatus == 500);
        Assert.Contains(posts, p => p.AnsweredStatus == 200 && p.EventId == failed.EventId);
        var low = delivered.Single(e => (string)e["type"]! == "wallet.low");
        Assert.Equal(tenant, Guid.Parse((string)low["data"]!["tenant_id"]!));
        Assert.True((long)low["data"]!["balance_micros"]! < 4_000);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_events WHERE kind LIKE 'wallet.%'", connection);
        Assert.Equal(2L, (long)(await count.ExecuteScalarAsync())!);
        Assert.False(receiver.TryNext(out _));
    }
}
