using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Alerts;
using GatoLink.Grains.Invoices;
using GatoLink.Integration.Tests.Alerts;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Placement;
using GatoLink.Integration.Tests.Quotas;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// The payment hand-off end to end: the month closes on the invoices' clock, the scheduler finalizes the invoice, and a
/// real HTTP receiver subscribed to <c>invoice.finalized</c> gets it signed (HMAC-SHA256 over timestamp and body),
/// again after answering 500, and once per event id however often the scheduler runs.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InvoiceWebhookTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AFinalizedInvoiceReachesItsReceiverSignedRetriedAfterA500AndOncePerEventId()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        var database = await postgres.CreateDatabaseAsync();
        var clock = new ShiftedClock();
        var month = BillingMonth.Of(clock.GetUtcNow());
        var settings = new Dictionary<string, string?>
        {
            ["GatoLink:Webhooks:PollInterval"] = "00:00:00.100",
            ["GatoLink:Webhooks:MinBackoff"] = "00:00:00.200",
        };
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, settings, postgres: database, configureServices: s => s.AddSingleton(new InvoiceClock(clock)));
        var plan = "hook-" + Guid.NewGuid().ToString("N")[..6];
        (await silo.Admin.PostAsJsonAsync("admin/plans", new { name = plan, monthly_fee_usd = 30m })).EnsureSuccessStatusCode();
        var tenant = await silo.CreateTenantAsync("invoiced-hook", new { plan });
        var (_, secret) = await silo.CreateKeyAsync(tenant, new { name = "k" });
        using var created = await silo.Admin.PostAsJsonAsync("admin/webhooks", new { url = receiver.Url, events = new[] { "invoice.finalized" }, tenant_id = tenant });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var webhookSecret = (string)webhook["secret"]!;

        var chat = NoRetryOpenAi.Chat(silo, secret);
        await chat.CompleteChatAsync([new UserChatMessage("one")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });
        await chat.CompleteChatAsync([new UserChatMessage("two")], new ChatCompletionOptions { MaxOutputTokenCount = 9 });
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await Wait.UntilAsync(() => ScalarAsync(connection, "SELECT count(*) FROM usage_events WHERE tenant_id = @t", tenant), n => n == 2, Patience);

        // The month and its grace period are over on the invoices' clock: the scheduler finalizes once, however often it runs.
        clock.Set(month.End.AddDays(2).AddHours(1));
        var scheduler = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IInvoiceSchedulerGrain>(0);
        Assert.Equal(1, await scheduler.FinalizeDue());
        Assert.Equal(0, await scheduler.FinalizeDue());

        var first = await receiver.NextAsync(Patience);
        var retry = await receiver.NextAsync(Patience);
        Assert.Equal(500, first.AnsweredStatus);
        Assert.Equal(200, retry.AnsweredStatus);
        Assert.Equal(first.EventId, retry.EventId);
        Assert.Equal(first.Body, retry.Body);
        Assert.True(WebhookSignature.Verify(webhookSecret, retry.Signature, retry.Body), $"bad signature {retry.Signature}");
        Assert.False(WebhookSignature.Verify("whsec_wrong", retry.Signature, retry.Body));
        Assert.False(WebhookSignature.Verify(webhookSecret, retry.Signature, [.. retry.Body, (byte)' ']));

        var invoice = (await silo.Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/invoices/{month.NumberFor(tenant)}"))!;
        Assert.Equal("finalized", (string?)invoice["status"]);
        var sent = JsonNode.Parse(retry.Body)!;
        Assert.Equal("invoice.finalized", (string?)sent["type"]);
        Assert.Equal(retry.EventId, (string?)sent["id"]);
        var data = sent["data"]!;
        Assert.Equal(month.NumberFor(tenant), (string?)data["number"]);
        Assert.Equal(tenant, Guid.Parse((string)data["tenant_id"]!));
        Assert.Equal(month.ToString(), (string?)data["period"]);
        Assert.Equal(WalletRequests.Micros(invoice["total_usd"]), (long)data["total_micros"]!);
        Assert.Equal(WalletRequests.Micros(invoice["usage_usd"]), (long)data["usage_micros"]!);
        Assert.Equal(await ScalarAsync(connection, "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events WHERE tenant_id = @t", tenant), (long)data["usage_micros"]!);

        // One event, delivered once after one failed attempt; the log shows both attempts, newest first.
        await Wait.UntilAsync(
            () => ScalarAsync(connection, "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events e ON e.event_id = d.event_id WHERE e.tenant_id = @t AND d.status = 'delivered'", tenant),
            n => n == 1,
            Patience);
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM outbox_events WHERE kind = 'invoice.finalized' AND tenant_id = @t", tenant));
        var log = (await silo.Admin.GetFromJsonAsync<JsonArray>($"admin/webhooks/{webhook["id"]}/deliveries"))!;
        Assert.Equal([(int?)200, 500], log.Select(a => (int?)a!["status_code"]).ToList());
        Assert.Equal(0, await scheduler.FinalizeDue());
        Assert.False(receiver.TryNext(out _));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Guid tenant)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
