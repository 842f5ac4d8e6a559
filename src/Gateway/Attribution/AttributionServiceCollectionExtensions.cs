using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Gateway.Attribution;

/// <summary>Registers what attributes a request: its tags.</summary>
public static class AttributionServiceCollectionExtensions
{
    /// <summary>Adds <see cref="RequestTags"/>.</summary>
    public static IServiceCollection AddGatoLinkAttribution(this IServiceCollection services)
    {
        services.AddSingleton<RequestTags>();
        return services;
    }
}
