using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Plans;
using GatoLink.Grains.Wallets;

namespace GatoLink.Silo.Billing;

/// <summary>Wires billing: the plan and wallet stores (from the storage provider) the tenant grains and the admin API use.</summary>
public static class BillingServiceCollectionExtensions
{
    /// <summary>Adds the plan and wallet stores, <see cref="BillingStores"/> and <see cref="PlanCatalog"/>.</summary>
    public static IServiceCollection AddGatoLinkBilling(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Plans);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Wallets);
        services.AddSingleton<BillingStores>();
        services.AddSingleton<PlanCatalog>();
        return services;
    }
}
