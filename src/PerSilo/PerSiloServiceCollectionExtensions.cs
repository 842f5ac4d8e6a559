using GatoLink.Grains;
using GatoLink.Grains.Models;
using GatoLink.PerSilo.Control;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Plans;
using GatoLink.PerSilo.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.PerSilo;

/// <summary>Wires what each silo holds for itself: the directories of tenants, plans, nodes and models, placement, the control plane.</summary>
public static class PerSiloServiceCollectionExtensions
{
    /// <summary>Adds the grains' own services (<see cref="GrainsServiceCollectionExtensions.AddGatoLinkGrains"/>), the directories, the placement strategies and the control plane. Needs the storage provider registered by the host.</summary>
    public static IServiceCollection AddGatoLinkPerSilo(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGatoLinkGrains();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<PlanDirectory>();
        services.AddSingleton<TenantPrices>();
        services.AddSingleton<NodeDirectory>();
        services.AddSingleton<ModelQueues>();
        services.AddSingleton<QueueClaims>();
        services.AddSingleton<ModelDirectory>();
        services.AddSingleton<IModelPrices>(sp => sp.GetRequiredService<ModelDirectory>());
        services.AddSingleton<IPlacementStrategyFactory, DefaultPlacementStrategyFactory>();
        services.AddSingleton<ControlPlane>();
        return services;
    }
}
