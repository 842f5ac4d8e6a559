using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Alerts;
using GatoLink.Integration.Tests.Infrastructure;
using Npgsql;

namespace GatoLink.Integration.Tests.Alerts;

/// <summary>
/// Budget alerts on a cluster: three silos on one PostgreSQL cross a key's 80 % from three requests at once; the key's
/// grain decides, so one alert is stored, audited and delivered to a real receiver with a valid signature, again after
/// the receiver's 500.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BudgetAlertTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ABudgetCrossing80PercentFromThreeSilosAtOnceFiresExactlyOneSignedAlertRetriedAfterA500()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var database = await postgres.CreateDatabaseAsync();
        var adminKey = GatoLink.PerSilo.Keys.ApiKeySecrets.NewSecret();
        var settings = new Dictionary<string, string?>
        {
            ["GatoLink:Webhooks:PollInterval"] = "00:00:00.100",
            ["GatoLink:Webhooks:MinBackoff"] = "00:00:00.200",
        };
        var silos = new List<SiloHarness>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(await SiloHarness.StartAsync(nodes.Urls, settings, postgres: database, adminKey: adminKey));
            }

            // 1,000 µUSD a day; each request costs its prompt + 2 × 140 output tokens (~290 µUSD): three pass 80 %, not 100 %.
            var tenant = await silos[0].CreateTenantAsync("alerts-" + Guid.NewGuid().ToString("N")[..8]);
            var (keyId, secret) = await silos[0].CreateKeyAsync(tenant, new { name = "k", daily_cost_usd = 0.001m });
            using (var put = await silos[1].Admin.PutAsJsonAsync($"admin/keys/{keyId}/alerts", new { thresholds = new[] { 80 } }))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            using var created = await silos[2].Admin.PostAsJsonAsync("admin/webhooks", new { url = receiver.Url, events = new[] { "budget.threshold" }, tenant_id = tenant });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var webhook = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
            var webhookSecret = (string)webhook["secret"]!;

            var answers = await Task.WhenAll(silos.Select(async silo =>
            {
                using var http = silo.Http(secret);
                using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "demo-8b", max_tokens = 140, messages = new[] { new { role = "user", content = "hi" } } });
                return response.StatusCode;
            }));
            Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));

            var first = await receiver.NextAsync(Patience);
            var retry = await receiver.NextAsync(Patience);
            Assert.Equal(500, first.AnsweredStatus);
            Assert.Equal(200, retry.AnsweredStatus);
            Assert.Equal(first.EventId, retry.EventId);
            Assert.True(WebhookSignature.Verify(webhookSecret, retry.Signature, retry.Body), $"bad signature {retry.Signature}");
            Assert.False(WebhookSignature.Verify("whsec_wrong", retry.Signature, retry.Body));
            var alert = JsonNode.Parse(retry.Body)!;
            Assert.Equal("budget.threshold", (string)alert["type"]!);
            Assert.Equal(80, (int)alert["data"]!["threshold_percent"]!);
            Assert.Equal(keyId, Guid.Parse((string)alert["data"]!["scope_id"]!));
            Assert.True((long)alert["data"]!["used"]! * 100 >= 80 * 1000);

            // Every settlement is in (the budget shows all three), and still one event, one delivery, one audit line.
            await WaitForSpendAsync(silos[0], keyId, expectedRequests: 3);
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM outbox_events"));
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"));
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_log WHERE action = 'alert.budget.threshold'"));
            Assert.False(receiver.TryNext(out _));

            var log = (await silos[0].Admin.GetFromJsonAsync<JsonArray>($"admin/webhooks/{webhook["id"]}/deliveries"))!;
            Assert.Equal([(int?)200, 500], log.Select(a => (int?)a!["status_code"]).ToList());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AlertRulesRefuseAnUnknownThresholdNamingTheField()
    {
        await using var silo = await SiloHarness.StartAsync();
        var tenant = await silo.CreateTenantAsync("rules-" + Guid.NewGuid().ToString("N")[..8]);
        using var bad = await silo.Admin.PutAsJsonAsync($"admin/tenants/{tenant}/alerts", new { thresholds = new[] { 50, 150 } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("thresholds", (string)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]!);

        var defaults = (await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/alerts"))!;
        Assert.True((bool)defaults["is_default"]!);
        Assert.Equal([50, 80, 100], defaults["thresholds"]!.AsArray().Select(t => (int)t!).ToList());
        using var badHook = await silo.Admin.PostAsJsonAsync("admin/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "budget.nope" } });
        Assert.Equal("events", (string)(await badHook.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]!);
    }

    /// <summary>Waits until the ledger holds the key's requests and its budget (held by the grain) counts exactly their cost: every settlement is in.</summary>
    private static async Task WaitForSpendAsync(SiloHarness silo, Guid keyId, int expectedRequests)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            var report = (await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}/usage?group_by=model", cts.Token))!;
            var rows = report["rows"]!.AsArray();
            var budget = (await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/keys/{keyId}/budget", cts.Token))!;
            var used = (long)budget["limits"]!.AsArray().Single(l => (string)l!["name"]! == "daily_cost")!["used"]!;
            if (rows.Sum(r => (long)r!["requests"]!) >= expectedRequests && used == (long)(rows.Sum(r => (decimal)r!["cost_usd"]!) * 1_000_000m))
            {
                return;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
