using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Silo.Telemetry;

/// <summary>DI wiring of OTLP export.</summary>
public static class OpenTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="OpenTelemetryLifetime"/> as a hosted service when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise adds nothing (spans then cost nothing).
    /// </summary>
    public static IServiceCollection AddGatoLinkOpenTelemetry(this IServiceCollection services)
    {
        var endpoint = Environment.GetEnvironmentVariable(TracingSetup.EndpointVariable);
        if (TracingSetup.IsEnabled(endpoint))
        {
            services.AddHostedService(_ => new OpenTelemetryLifetime(endpoint));
        }

        return services;
    }
}
