using GatoLink.Grains.Abstractions.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Providers;

/// <summary>Wires node credentials: ASP.NET Core Data Protection with the operator's key ring, and <see cref="INodeCredentials"/>.</summary>
public static class ProviderServiceCollectionExtensions
{
    /// <summary>The Data Protection application name: silos sharing a key ring share it, so each reads what another stored.</summary>
    public const string ApplicationName = "GatoLink";

    /// <summary>Adds Data Protection (key ring at <see cref="ProviderOptions.KeyRingPath"/>) and <see cref="NodeCredentials"/>.</summary>
    public static IServiceCollection AddGatoLinkProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section);
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // What PersistKeysToFileSystem does, but from the bound option instead of a path known at registration.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
        {
            if (sp.GetRequiredService<IOptions<ProviderOptions>>().Value.KeyRingPath is { Length: > 0 } path)
            {
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(path), sp.GetRequiredService<ILoggerFactory>());
            }
        }));
        services.AddSingleton<NodeCredentials>();
        services.AddSingleton<INodeCredentials>(sp => sp.GetRequiredService<NodeCredentials>());
        return services;
    }
}
