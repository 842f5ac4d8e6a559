using GatoLink.Grains.Control;
using GatoLink.Grains.Models;
using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.Grains.Plans;
using GatoLink.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains;

/// <summary>Wires the per-silo state the grains and the data plane share: directories of tenants, nodes and models, placement, the control plane.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="NodeHealthOptions"/>.</summary>
    public const string NodeHealthSection = "GatoLink:NodeHealth";

    /// <summary>Adds the directories, the placement strategies and the control plane. Needs the storage provider registered by the host.</summary>
    public static IServiceCollection AddGatoLinkGrains(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NodeHealthOptions>().BindConfiguration(NodeHealthSection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NodeHealthOptions>>().Value);
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<PlanDirectory>();
        services.AddSingleton<TenantPrices>();
        services.AddSingleton<NodeDirectory>();
        services.AddSingleton<ModelQueues>();
        services.AddSingleton<ModelDirectory>();
        services.AddSingleton<IPlacementStrategyFactory, DefaultPlacementStrategyFactory>();
        services.AddSingleton<ControlPlane>();
        return services;
    }
}
