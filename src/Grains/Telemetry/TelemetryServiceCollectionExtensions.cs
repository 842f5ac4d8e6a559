using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Grains.Telemetry;

/// <summary>DI wiring of the GatoLink metrics.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMeterFactory"/> (<c>AddMetrics</c>), options from section
    /// <c>Telemetry</c> (validated on start), <see cref="TenantLabelLimiter"/>, the four
    /// instrument classes and <see cref="PrometheusExporter"/> as singletons, and a hosted
    /// service that creates them at start. Register <see cref="INodeMetricsSource"/> and
    /// <see cref="IBudgetMetricsSource"/> implementations separately (any number, or none).
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
        services.AddSingleton<PrometheusExporter>();
        services.AddHostedService<PrometheusExporterStarter>();
        return services;
    }
}
