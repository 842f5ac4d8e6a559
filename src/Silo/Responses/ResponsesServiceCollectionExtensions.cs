using GatoLink.Gateway.ResponsesApi;
using GatoLink.Grains.Abstractions.Responses;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatoLink.Silo.Responses;

/// <summary>Wires the Responses API's stored answers: the store on the silo's database and the retention purge.</summary>
public static class ResponsesServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IResponseStore"/> and <see cref="ResponsePurgeService"/>, with <see cref="ResponsesOptions"/> validated on start.</summary>
    public static IServiceCollection AddGatoLinkResponses(this IServiceCollection services)
    {
        services.AddOptions<ResponsesOptions>().BindConfiguration(ResponsesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IResponseStore>(sp =>
        {
            var storage = sp.GetRequiredService<IStorageProvider>();
            return new SqlResponseStore((IStorageConnectionFactory)storage, storage.Kind);
        });
        services.AddSingleton<ResponsePurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<ResponsePurgeService>());
        return services;
    }
}
