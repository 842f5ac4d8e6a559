using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Gateway.Auth;

/// <summary>Wires bearer-key authentication: the authenticator, the failed-attempt limiter and its counter.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>Adds them, with <see cref="FailedAuthOptions"/> bound and validated on start.</summary>
    public static IServiceCollection AddGatoLinkBearerAuth(this IServiceCollection services)
    {
        services.AddOptions<FailedAuthOptions>().BindConfiguration(FailedAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedAuthLimiter>();
        services.AddSingleton<AuthInstruments>();
        services.AddSingleton<BearerAuthenticator>();
        return services;
    }
}
