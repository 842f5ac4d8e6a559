using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Invoices;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Ledger;
using GatoLink.Integration.Tests.Placement;
using GatoLink.Integration.Tests.Quotas;
using GatoLink.Silo.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// This month's usage of a tenant on two silos sharing one PostgreSQL, finalized by the invoice scheduler grain once the
/// invoices' clock is moved past the month and its grace period: usage_usd equal to the ledger to the micro-dollar, the
/// fee prorated over a mid-month plan change, late usage inside the grace period on the month's invoice and after it
/// on the next one, nothing finalized twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InvoiceClusterTests(PostgresFixture pg)
{
    [Fact]
    public async Task AMonthOnTwoSilosFinalizesOneInvoiceEqualToTheLedgerProratedAndLateUsageLandsOnceWhereItBelongs()
    {
        var database = await pg.CreateDatabaseAsync();
        var clock = new ShiftedClock();
        var month = BillingMonth.Of(clock.GetUtcNow());
        await using var nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        void Clock(IServiceCollection s) => s.AddSingleton(new InvoiceClock(clock));
        await using var a = await SiloHarness.StartAsync(nodes.Urls, postgres: database, configureServices: Clock);
        await using var b = await SiloHarness.StartAsync(nodes.Urls, postgres: database, adminKey: a.AdminKey, configureServices: Clock);

        var plan = "inv-" + Guid.NewGuid().ToString("N")[..6];
        (await a.Admin.PostAsJsonAsync("admin/plans", new { name = plan, monthly_fee_usd = 30m })).EnsureSuccessStatusCode();
        var tenant = await a.CreateTenantAsync("invoiced", new { plan });
        var (_, secret) = await a.CreateKeyAsync(tenant, new { name = "k" });
        await ChatAsync(a, secret, 3);
        await ChatAsync(b, secret, 4);
        (await b.Admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { plan = "pro" })).EnsureSuccessStatusCode();
        await ChatAsync(b, secret, 2);
        await ChatAsync(a, secret, 1);
        await Wait.UntilAsync(() => ScalarAsync(database, "SELECT count(*) FROM usage_events WHERE tenant_id = @t", tenant), n => n == 10, TimeSpan.FromSeconds(30));

        // Next month, inside the grace period: an event of this month reaches the ledger late; nothing is final yet.
        clock.Set(month.End.AddHours(6));
        var ledger = a.Services.GetRequiredService<ILedgerStore>();
        await ledger.WriteAsync([LedgerSamples.Event(1, month.End.AddSeconds(-1), 777, tenant)], CancellationToken.None);
        var scheduler = a.Services.GetRequiredService<IGrainFactory>().GetGrain<IInvoiceSchedulerGrain>(0);
        Assert.Equal(0, await scheduler.FinalizeDue());
        Assert.Equal("draft", (string?)(await InvoiceAsync(b, tenant, month))["status"]);

        clock.Set(month.End.AddDays(2).AddHours(1));
        Assert.Equal(1, await scheduler.FinalizeDue());
        Assert.Equal(0, await scheduler.FinalizeDue());

        var invoice = await InvoiceAsync(b, tenant, month);
        var ledgerCost = await ScalarAsync(database, "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_events WHERE tenant_id = @t", tenant);
        Assert.Equal("finalized", (string?)invoice["status"]);
        Assert.Equal(ledgerCost, WalletRequests.Micros(invoice["usage_usd"]));

        // The fee is prorated by the tick: the first plan from the tenant's creation to the change, pro from there to the month's end.
        var created = await MomentAsync(database, "SELECT created_at FROM tenants WHERE id = @t", tenant);
        var changed = await MomentAsync(database, "SELECT max(starts_at) FROM tenant_plan_periods WHERE tenant_id = @t", tenant);
        var fees = invoice["lines"]!.AsArray().Where(l => (string?)l!["kind"] == "plan_fee").Select(l => WalletRequests.Micros(l!["amount_usd"])).ToList();
        var monthTicks = (month.End - month.Start).Ticks;
        Assert.Equal([InvoiceCalculator.Prorate(30_000_000, (changed - created).Ticks, monthTicks), InvoiceCalculator.Prorate(49_000_000, (month.End - changed).Ticks, monthTicks)], fees);
        // pro includes $50 (prorated): the month's usage is within it, so what is due is the fees.
        Assert.Equal(ledgerCost, WalletRequests.Micros(invoice["included_used_usd"]));
        Assert.Equal(fees.Sum(), WalletRequests.Micros(invoice["total_usd"]));
        Assert.Equal(invoice["lines"]!.AsArray().Sum(l => WalletRequests.Micros(l!["amount_usd"])), WalletRequests.Micros(invoice["total_usd"]));

        // After finalization another event of the month arrives: its invoice stays; the next month's carries it.
        await ledger.WriteAsync([LedgerSamples.Event(2, month.Start.AddSeconds(1), 555, tenant)], CancellationToken.None);
        var next = month.Plus(1);
        clock.Set(next.End.AddDays(3));
        Assert.Equal(1, await scheduler.FinalizeDue());
        Assert.Equal(ledgerCost, WalletRequests.Micros((await InvoiceAsync(a, tenant, month))["usage_usd"]));
        var following = await InvoiceAsync(a, tenant, next);
        var late = Assert.Single(following["lines"]!.AsArray(), l => (string?)l!["kind"] == "late_usage");
        Assert.Equal(555, WalletRequests.Micros(late!["amount_usd"]));
        Assert.Equal(month.ToString(), (string?)late["usage_period"]);
        Assert.Equal(555, WalletRequests.Micros(following["usage_usd"]));

        // Each finalized invoice is told once through the outbox (invoice.finalized), even after runs that finalize nothing.
        Assert.Equal(0, await scheduler.FinalizeDue());
        Assert.Equal(2, await ScalarAsync(database, "SELECT count(*) FROM outbox_events WHERE kind = 'invoice.finalized' AND tenant_id = @t", tenant));

        using var csv = await b.Admin.GetAsync($"admin/tenants/{tenant}/invoices/{month.NumberFor(tenant)}?format=csv");
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("number,period,status,kind", rows[0], StringComparison.Ordinal);
        Assert.Equal(invoice["lines"]!.AsArray().Count + 2, rows.Length);
        Assert.EndsWith("," + invoice["total_usd"]!.GetValue<decimal>().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[^1], StringComparison.Ordinal);
    }

    private static async Task ChatAsync(SiloHarness silo, string secret, int count)
    {
        var chat = NoRetryOpenAi.Chat(silo, secret);
        for (var i = 0; i < count; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage($"request {i}")], new ChatCompletionOptions { MaxOutputTokenCount = 7 + i });
        }
    }

    private static async Task<JsonObject> InvoiceAsync(SiloHarness silo, Guid tenant, BillingMonth month)
    {
        using var response = await silo.Admin.GetAsync($"admin/tenants/{tenant}/invoices/{month.NumberFor(tenant)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<long> ScalarAsync(string database, string sql, Guid tenant)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<DateTimeOffset> MomentAsync(string database, string sql, Guid tenant)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", tenant);
        return new DateTimeOffset(DateTime.SpecifyKind((DateTime)(await command.ExecuteScalarAsync())!, DateTimeKind.Utc));
    }
}
