using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Invoices;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// A finalized invoice for November 2026 with one model's usage line, stored as the finalization reminder stores one,
/// so that tests of what follows finalization (credit notes, their CLI and portal page) need not wait out a month.
/// </summary>
public static class FinalizedInvoices
{
    /// <summary>The month the stored invoices are for.</summary>
    public static readonly BillingMonth Month = new(2026, 11);

    /// <summary>Stores the tenant's finalized invoice of <see cref="Month"/> totalling <paramref name="totalMicros"/>; returns its number.</summary>
    public static async Task<string> StoreAsync(IServiceProvider services, Guid tenant, long totalMicros)
    {
        ArgumentNullException.ThrowIfNull(services);
        var line = new InvoiceLine(InvoiceLineKind.Usage, "demo-8b", "demo-8b", Month.ToString(), 10, 1_000, 2_000, 1_000_000, 2_000_000, totalMicros);
        var invoice = new Invoice(Month.NumberFor(tenant), tenant, Month.ToString(), Month.Start, Month.End, InvoiceStatus.Finalized, Month.End.AddDays(2), null,
            0, totalMicros, 0, 0, 0, 0, totalMicros, [line]);
        Assert.True(await services.GetRequiredService<IInvoiceStore>().FinalizeAsync(invoice, [new ModelUsage(Month.ToString(), "demo-8b", 10, 1_000, 2_000, totalMicros)],
            CancellationToken.None));
        return invoice.Number;
    }
}
