using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Hosting;

/// <summary>Wires the drain of a stopping silo.</summary>
public static class DrainServiceCollectionExtensions
{
    /// <summary>
    /// Time the host gives the services after the drain: Kestrel closes idle connections, the ledger writer flushes
    /// or spools, the Orleans silo hands its grains off and leaves the cluster.
    /// </summary>
    private static readonly TimeSpan StopAllowance = TimeSpan.FromSeconds(30);

    /// <summary>Adds <see cref="DrainOptions"/>, <see cref="DrainState"/> and the service that drains on stop.</summary>
    public static IServiceCollection AddGatoLinkDrain(this IServiceCollection services)
    {
        services.AddOptions<DrainOptions>().BindConfiguration(DrainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DrainState>();
        services.AddHostedService<SiloDrainService>();
        // The host's stop deadline covers the drain and the services' own stop after it.
        services.AddOptions<HostOptions>().Configure<IOptions<DrainOptions>>((host, drain) =>
        {
            var needed = drain.Value.ReadinessDelay + drain.Value.Timeout + StopAllowance;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        return services;
    }

    /// <summary>Adds <see cref="DrainMiddleware"/> to the pipeline.</summary>
    public static IApplicationBuilder UseGatoLinkDrain(this IApplicationBuilder app) => app.UseMiddleware<DrainMiddleware>();
}
