using Microsoft.Extensions.DependencyInjection;
using GatoLink.Grains.Telemetry;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>DI wiring of the GatoLink instruments.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (<c>AddMetrics</c>), options from section
    /// <c>Telemetry</c> (validated on start), <see cref="TenantLabelLimiter"/>, the instrument classes as singletons,
    /// and a hosted service that creates them at start so their observable gauges exist before the first scrape.
    /// Register <see cref="INodeMetricsSource"/>, <see cref="IBudgetMetricsSource"/> and
    /// <see cref="IUsageStreamMetricsSource"/> implementations separately (any number, or none). Exporting is the
    /// host's business (the silo serves them on <c>/metrics</c>).
    /// </summary>
    public static IServiceCollection AddGatoLinkTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TenantLabelLimiter>();
        services.AddSingleton<GatewayInstruments>();
        services.AddSingleton<NodeInstruments>();
        services.AddSingleton<LimitInstruments>();
        services.AddSingleton<LedgerInstruments>();
        services.AddSingleton<PlacementInstruments>();
        services.AddSingleton<UsageStreamInstruments>();
        services.AddSingleton<CacheInstruments>();
        services.AddHostedService<InstrumentsStarter>();
        return services;
    }
}
