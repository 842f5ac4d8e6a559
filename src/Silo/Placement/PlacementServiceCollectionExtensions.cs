using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Nodes.Load;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Scaling;
using GatoLink.PerSilo.Nodes.Load;

// In the DI namespace, as ASP.NET Core's own Add* methods are, so the host needs no using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Wires live-load placement: options, engine adapters, the load poller.</summary>
public static class PlacementServiceCollectionExtensions
{
    /// <summary>Adds placement on live node state.</summary>
    public static IServiceCollection AddGatoLinkPlacement(this IServiceCollection services)
    {
        services.AddOptions<PlacementOptions>().BindConfiguration(PlacementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlacementOptions>>().Value);
        services.AddSingleton(EngineAdapters.Default);
        services.AddSingleton<NodeScraper>();
        services.AddSingleton<NodeLoadSync>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeLoadSync>());
        services.AddHostedService<InteractiveDemandSync>();
        services.AddOptions<ScalingOptions>().BindConfiguration(ScalingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModelScalingMonitor>();
        services.AddSingleton<ScalingInstruments>();
        // The gauges read the monitor: created with it, so /metrics has them from the first reading on.
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<ScalingInstruments>();
            return sp.GetRequiredService<ModelScalingMonitor>();
        });
        return services;
    }
}
