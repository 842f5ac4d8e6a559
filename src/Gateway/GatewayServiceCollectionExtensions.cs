using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Attribution;
using GatoLink.Gateway.Auth;
using GatoLink.Gateway.Cache;
using GatoLink.Gateway.Identity;
using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway;

/// <summary>Wires the HTTP data plane: authentication (and the admin API's access rules), the inference door and its forwarder, accounting and usage recording.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="GatewayOptions"/>.</summary>
    public const string Section = "GatoLink:Gateway";

    /// <summary>
    /// Adds the gateway's per-silo services. Needs the key store (<see cref="IApiKeyStore"/>), the grains' directories
    /// (<c>AddGatoLinkPerSilo</c>), an admission controller and a usage sink registered by the host.
    /// </summary>
    public static IServiceCollection AddGatoLinkGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>().BindConfiguration(Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KeyDirectory(sp.GetRequiredService<IApiKeyStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<GatewayOptions>>().Value.KeyCacheSize));
        services.AddGatoLinkBearerAuth();
        services.AddGatoLinkIdentity();
        services.AddGatoLinkAdminAccess();
        services.AddGatoLinkResponseCache();
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<AttemptAccounting>();
        services.AddSingleton<AttemptForwarder>();
        services.AddSingleton<CacheReplay>();
        services.AddSingleton<InferenceSession>();
        services.AddSingleton<InferenceHandler>();
        services.AddGatoLinkAttribution();
        return services;
    }
}
