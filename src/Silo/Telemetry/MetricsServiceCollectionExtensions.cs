using Microsoft.AspNetCore.Authentication;
using Prometheus;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Silo.Telemetry;

/// <summary>DI wiring and endpoint of the silo's Prometheus metrics.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the GatoLink instruments, this silo's sources for their scrape-time gauges (node replicas, cluster
    /// membership) and <see cref="PrometheusMetricsExporter"/>, created first at host start so that it listens
    /// before Orleans and the first request measure anything. Call it before the Orleans silo is added.
    /// </summary>
    public static IServiceCollection AddGatoLinkMetrics(this IServiceCollection services)
    {
        services.AddGatoLinkTelemetry();
        services.AddSingleton<PrometheusMetricsExporter>();
        services.AddSingleton<INodeMetricsSource, NodeDirectoryMetricsSource>();
        services.AddSingleton<ClusterInstruments>();
        services.AddHostedService<MetricsStarter>();
        services.AddOptions<MetricsAccessOptions>().BindConfiguration(MetricsAccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, MetricsScrapeAuthenticationHandler>(MetricsScrapeAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ScrapePolicy, policy => policy
            .AddAuthenticationSchemes(MetricsScrapeAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The authorization policy of <c>/metrics</c> (see <see cref="MetricsScrapeAuthenticationHandler"/>).</summary>
    public const string ScrapePolicy = "metrics-scrape";

    /// <summary><c>GET /metrics</c>: the Prometheus exposition of <see cref="PrometheusMetricsExporter.Registry"/>, behind <see cref="ScrapePolicy"/>.</summary>
    public static IEndpointConventionBuilder MapGatoLinkMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusMetricsExporter>();
        return endpoints.MapMetrics(settings => settings.Registry = exporter.Registry, pattern).RequireAuthorization(ScrapePolicy);
    }
}
