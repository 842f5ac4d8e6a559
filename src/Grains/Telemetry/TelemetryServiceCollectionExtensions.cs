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
        services.AddSingleton<PrometheusExporter>();
        AddInstruments<GatewayInstruments>(services);
        AddInstruments<NodeInstruments>(services);
        AddInstruments<LimitInstruments>(services);
        AddInstruments<LedgerInstruments>(services);
        services.AddHostedService<PrometheusExporterStarter>();
        return services;
    }

    // The exporter must listen before the first measurement, or it is lost: whoever resolves
    // an instrument class first (host start or a test) brings the exporter up with it.
    private static void AddInstruments<T>(IServiceCollection services)
        where T : class =>
        services.AddSingleton(provider =>
        {
            provider.GetRequiredService<PrometheusExporter>();
            return ActivatorUtilities.CreateInstance<T>(provider);
        });
}
