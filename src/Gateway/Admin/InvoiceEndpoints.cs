using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Invoices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET /admin/tenants/{id}/invoices</c> and <c>/invoices/{number}</c> (<c>?format=csv</c>): a tenant's invoices, for
/// its own admins too. Finalized ones as stored; the running month (and a closed one within its grace period) as a
/// draft computed from the ledger now.
/// </summary>
public static class InvoiceEndpoints
{
    /// <summary>Maps the invoice routes on the admin group.</summary>
    public static RouteGroupBuilder MapInvoiceEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/tenants/{id:guid}/invoices", ListAsync).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapGet("/tenants/{id:guid}/invoices/{number}", GetAsync).RequireAdmin(AdminAccess.OwnsTenant);
        admin.MapPost("/tenants/{id:guid}/invoices/{number}/credit-notes", CreditAsync).RequireAdmin(AdminAccess.OwnsTenant).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static async Task<Results<Ok<List<InvoiceView>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(
        HttpContext context, Guid id, TenantDirectory tenants, InvoiceBook book, ICreditNoteStore creditNotes)
    {
        if (tenants.Get(id) is not { } tenant)
        {
            return AdminResults.NotFound("Tenant");
        }

        var invoices = await book.ListAsync(tenant.Record, context.RequestAborted);
        var notes = await creditNotes.ListAsync(id, context.RequestAborted);
        return TypedResults.Ok(invoices.Select(i => InvoiceView.From(i, notes)).ToList());
    }

    private static async Task<Results<Ok<InvoiceView>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        HttpContext context, Guid id, string number, string? format, TenantDirectory tenants, InvoiceBook book, ICreditNoteStore creditNotes)
    {
        if (tenants.Get(id) is not { } tenant)
        {
            return AdminResults.NotFound("Tenant");
        }

        if (format is not (null or "json" or "csv"))
        {
            return AdminResults.Invalid("'format' must be json or csv.", "format");
        }

        if (await FindAsync(tenant.Record, id, number, book, context.RequestAborted) is not { } invoice)
        {
            return AdminResults.NotFound("Invoice");
        }

        var view = InvoiceView.From(invoice, await creditNotes.ListAsync(id, context.RequestAborted));
        return format == "csv" ? TypedResults.Text(InvoiceCsv.Write(view), "text/csv; charset=utf-8") : TypedResults.Ok(view);
    }

    private static async Task<Results<Created<CreditNoteView>, Ok<CreditNoteView>, JsonHttpResult<ErrorEnvelope>>> CreditAsync(
        HttpContext context, Guid id, string number, AdminBody<CreditNoteRequest> body, TenantDirectory tenants, InvoiceBook book, ICreditNoteStore creditNotes,
        AdminAudit audit, TimeProvider time)
    {
        if (tenants.Get(id) is not { } tenant)
        {
            return AdminResults.NotFound("Tenant");
        }

        var key = context.Request.Headers[WalletEndpoints.IdempotencyHeader].ToString().Trim();
        if (key.Length is 0 or > MaxKey)
        {
            return AdminResults.Invalid($"The '{WalletEndpoints.IdempotencyHeader}' header is required (1 to {MaxKey} characters): it makes a retried credit note count once.",
                WalletEndpoints.IdempotencyHeader);
        }

        if (await FindAsync(tenant.Record, id, number, book, context.RequestAborted) is not { } invoice)
        {
            return AdminResults.NotFound("Invoice");
        }

        if (invoice.Status != InvoiceStatus.Finalized)
        {
            return AdminResults.Conflict($"Invoice {invoice.Number} is a draft: it follows the ledger until it is finalized; credit notes correct finalized invoices.", "number");
        }

        var now = time.GetUtcNow();
        var request = new CreditNote("", id, invoice.Number, Money.ToMicros(body.Value.AmountUsd!.Value), body.Value.Reason!.Trim(), key, AdminPrincipal.Of(context).Subject, now);
        var (outcome, note) = await creditNotes.IssueAsync(request, invoice.TotalMicros, context.RequestAborted);
        switch (outcome)
        {
            case CreditNoteOutcome.Created:
                var view = CreditNoteView.From(note!);
                await audit.ScopedAsync(context, "invoice.credit_note", $"tenant/{id}/invoices/{invoice.Number}", id, null, view);
                return TypedResults.Created($"/admin/tenants/{id}/invoices/{invoice.Number}", view);
            case CreditNoteOutcome.Replayed:
                return TypedResults.Ok(CreditNoteView.From(note!));
            case CreditNoteOutcome.KeyReused:
                return AdminResults.Conflict($"This '{WalletEndpoints.IdempotencyHeader}' was used for a different credit note of this tenant; nothing was written.",
                    WalletEndpoints.IdempotencyHeader);
            default:
                return AdminResults.Conflict($"With its other credit notes this would credit more than invoice {invoice.Number}'s total; nothing was written.", "amount_usd");
        }
    }

    private const int MaxKey = 255;

    // yyyyMM-<the tenant's id>: another tenant's number is simply not found here.
    private static async Task<Invoice?> FindAsync(GatoLink.Grains.Abstractions.Tenants.TenantRecord tenant, Guid id, string number, InvoiceBook book, CancellationToken ct)
    {
        var dash = number.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 || !Guid.TryParseExact(number[(dash + 1)..], "N", out var owner) || owner != id || BillingMonth.Parse(number[..dash]) is not { } month
            ? null
            : await book.GetAsync(tenant, month, ct);
    }
}
