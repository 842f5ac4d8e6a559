using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Invoices;
using GatoLink.Grains.Invoices;
using GatoLink.Silo.Hosting;
using Microsoft.Extensions.Options;
using GatoLink.Grains.Wallets;
using GatoLink.PerSilo.Plans;

namespace GatoLink.Silo.Billing;

/// <summary>Wires billing: plans, wallets and invoices (stores from the storage provider), and the invoice finalization reminder.</summary>
public static class BillingServiceCollectionExtensions
{
    /// <summary>Adds the plan and wallet stores, <see cref="BillingStores"/> and <see cref="PlanCatalog"/>.</summary>
    public static IServiceCollection AddGatoLinkBilling(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Plans);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Wallets);
        services.AddSingleton<BillingStores>();
        services.AddSingleton<PlanCatalog>();
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Invoices);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().CreditNotes);
        services.AddOptions<InvoiceOptions>().BindConfiguration("GatoLink:Invoices").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InvoiceOptions>>().Value);
        services.AddSingleton(sp => new InvoiceClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<InvoiceBook>();
        ReminderStarter.Add(services, "invoice finalization", grains => grains.GetGrain<IInvoiceSchedulerGrain>(0).Start());
        return services;
    }
}
