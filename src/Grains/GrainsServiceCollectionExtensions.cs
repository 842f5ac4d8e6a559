using GatoLink.Grains.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains;

/// <summary>Wires what the grains themselves need from the silo's container.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="NodeHealthOptions"/>.</summary>
    public const string NodeHealthSection = "GatoLink:NodeHealth";

    /// <summary>Adds the grains' options and clock. Their stores and the model prices (<see cref="Models.IModelPrices"/>) come from the host.</summary>
    public static IServiceCollection AddGatoLinkGrains(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NodeHealthOptions>().BindConfiguration(NodeHealthSection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NodeHealthOptions>>().Value);
        return services;
    }
}
