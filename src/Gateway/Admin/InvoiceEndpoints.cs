using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Invoices;
using GatoLink.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

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
        return admin;
    }

    private static async Task<Results<Ok<List<InvoiceView>>, JsonHttpResult<ErrorEnvelope>>> ListAsync(HttpContext context, Guid id, TenantDirectory tenants, InvoiceBook book)
    {
        if (tenants.Get(id) is not { } tenant)
        {
            return AdminResults.NotFound("Tenant");
        }

        var invoices = await book.ListAsync(tenant.Record, context.RequestAborted);
        return TypedResults.Ok(invoices.Select(InvoiceView.From).ToList());
    }

    private static async Task<Results<Ok<InvoiceView>, ContentHttpResult, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        HttpContext context, Guid id, string number, string? format, TenantDirectory tenants, InvoiceBook book)
    {
        if (tenants.Get(id) is not { } tenant)
        {
            return AdminResults.NotFound("Tenant");
        }

        if (format is not (null or "json" or "csv"))
        {
            return AdminResults.Invalid("'format' must be json or csv.", "format");
        }

        // yyyyMM-<the tenant's id>: another tenant's number is simply not found here.
        var dash = number.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !Guid.TryParseExact(number[(dash + 1)..], "N", out var owner) || owner != id
            || BillingMonth.Parse(number[..dash]) is not { } month
            || await book.GetAsync(tenant.Record, month, context.RequestAborted) is not { } invoice)
        {
            return AdminResults.NotFound("Invoice");
        }

        var view = InvoiceView.From(invoice);
        return format == "csv" ? TypedResults.Text(InvoiceCsv.Write(view), "text/csv; charset=utf-8") : TypedResults.Ok(view);
    }
}
