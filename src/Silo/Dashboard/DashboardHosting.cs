using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Silo.Dashboard;

/// <summary>The Orleans Dashboard at <c>/dashboard</c>, behind the system-admin key.</summary>
public static class DashboardHosting
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/dashboard";

    /// <summary>Whether <c>Telemetry:Dashboard</c> (default on) asks for the dashboard.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.Dashboard ?? true;

    /// <summary>Adds the dashboard's services (its silo grain service and grain call profiler) when enabled.</summary>
    public static ISiloBuilder AddGatoLinkDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsEnabled(configuration))
        {
            silo.AddDashboard();
        }

        return silo;
    }

    /// <summary>Maps the dashboard's pages and API under <see cref="Path"/>, each behind <see cref="DashboardAuthFilter"/>.</summary>
    public static IEndpointRouteBuilder MapGatoLinkDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Dashboard)
        {
            endpoints.MapOrleansDashboard(Path)
                .AddEndpointFilter<DashboardAuthFilter>()
                .ExcludeFromDescription();
        }

        return endpoints;
    }
}
