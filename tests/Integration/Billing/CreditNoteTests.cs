using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Quotas;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// Credit notes on a silo with PostgreSQL: a finalized invoice never changes; a system admin corrects it with credit
/// notes, each under its own number, listed with the invoice in JSON and CSV, counted once per idempotency key, never
/// more than the invoice's total; a draft cannot be credited and a tenant admin cannot issue one.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CreditNoteTests : IClassFixture<SingleSiloFixture>
{
    private readonly SingleSiloFixture _fx;

    public CreditNoteTests(SingleSiloFixture fx) => _fx = fx;

    private HttpClient Admin => _fx.Silo.Admin;

    [Fact]
    public async Task AFinalizedInvoiceIsCorrectedByNumberedCreditNotesThatCountOnceAndNeverExceedItsTotal()
    {
        var (tenant, number) = await FinalizedInvoiceAsync(totalMicros: 5_000_000);
        var path = $"admin/tenants/{tenant}/invoices/{number}/credit-notes";

        using (var first = await PostAsync(path, "refund-1", new { amount_usd = 1.25m, reason = "outage on the 3rd" }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal($"CN-{number}-1", (string?)(await first.Content.ReadFromJsonAsync<JsonObject>())!["number"]);
        }

        using (var replay = await PostAsync(path, "refund-1", new { amount_usd = 1.25m, reason = "outage on the 3rd" }))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal($"CN-{number}-1", (string?)(await replay.Content.ReadFromJsonAsync<JsonObject>())!["number"]);
        }

        await AssertRefusedAsync(await PostAsync(path, "refund-1", new { amount_usd = 2m, reason = "outage on the 3rd" }), HttpStatusCode.Conflict, "Idempotency-Key");
        await AssertRefusedAsync(await PostAsync(path, "too-much", new { amount_usd = 3.76m, reason = "more than is left" }), HttpStatusCode.Conflict, "amount_usd");
        await AssertRefusedAsync(await PostAsync(path, "fraction", new { amount_usd = 0.001m, reason = "a tenth of a cent" }), HttpStatusCode.BadRequest, "amount_usd");
        await AssertRefusedAsync(await PostAsync(path, "no-reason", new { amount_usd = 1m }), HttpStatusCode.BadRequest, "reason");
        await AssertRefusedAsync(await PostAsync(path, null, new { amount_usd = 1m, reason = "x" }), HttpStatusCode.BadRequest, "Idempotency-Key");
        using (var rest = await PostAsync(path, "refund-2", new { amount_usd = 3.75m, reason = "goodwill" }))
        {
            Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        }

        // The invoice as it was finalized, with its two notes beside it.
        var invoice = (await Admin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/invoices/{number}"))!;
        Assert.Equal(5m, (decimal)invoice["total_usd"]!);
        Assert.Equal("finalized", (string?)invoice["status"]);
        Assert.Equal([$"CN-{number}-1", $"CN-{number}-2"], invoice["credit_notes"]!.AsArray().Select(n => (string)n!["number"]!).ToList());
        Assert.Equal(5m, (decimal)invoice["credited_usd"]!);
        var listed = (await Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{tenant}/invoices"))!.Single(i => (string?)i!["number"] == number)!;
        Assert.Equal(2, listed["credit_notes"]!.AsArray().Count);

        var csv = await Admin.GetStringAsync($"admin/tenants/{tenant}/invoices/{number}?format=csv");
        Assert.Contains($"CN-{number}-1,2026-11,issued,credit_note,outage on the 3rd,,,,,,,,-1.25\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($"CN-{number}-2,2026-11,issued,credit_note,goodwill,,,,,,,,-3.75\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($"{number},2026-11,finalized,total,Total,,,,,,,,5\r\n", csv, StringComparison.Ordinal);

        var audit = await Admin.GetStringAsync($"admin/audit?tenant_id={tenant}");
        Assert.Equal(2, audit.Split("invoice.credit_note").Length - 1);
    }

    [Fact]
    public async Task ADraftCannotBeCreditedAndATenantAdminReadsNotesButCannotIssueThem()
    {
        var (tenant, number) = await FinalizedInvoiceAsync(totalMicros: 1_000_000);
        var draft = (await Admin.GetFromJsonAsync<JsonArray>($"admin/tenants/{tenant}/invoices"))!.First(i => (string?)i!["status"] == "draft")!;
        await AssertRefusedAsync(await PostAsync($"admin/tenants/{tenant}/invoices/{(string)draft["number"]!}/credit-notes", "d-1", new { amount_usd = 1m, reason = "x" }),
            HttpStatusCode.Conflict, "number");

        var (_, adminSecret) = await _fx.Silo.CreateKeyAsync(tenant, new { name = "ta", role = "tenant_admin" });
        using var tenantAdmin = _fx.Silo.Http(adminSecret);
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"admin/tenants/{tenant}/invoices/{number}/credit-notes") { Content = JsonContent.Create(new { amount_usd = 1m, reason = "self" }) })
        {
            request.Headers.Add("Idempotency-Key", "self-1");
            using var refused = await tenantAdmin.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var invoice = (await tenantAdmin.GetFromJsonAsync<JsonObject>($"admin/tenants/{tenant}/invoices/{number}"))!;
        Assert.Empty(invoice["credit_notes"]!.AsArray());
    }

    /// <summary>A tenant with a finalized invoice for November 2026.</summary>
    private async Task<(Guid Tenant, string Number)> FinalizedInvoiceAsync(long totalMicros)
    {
        var tenant = await _fx.Silo.CreateTenantAsync("credited-" + Guid.NewGuid().ToString("N")[..6]);
        return (tenant, await FinalizedInvoices.StoreAsync(_fx.Silo.Services, tenant, totalMicros));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await Admin.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
            Assert.Equal(field, (string?)JsonNode.Parse(text)!["error"]!["param"]);
        }
    }
}
