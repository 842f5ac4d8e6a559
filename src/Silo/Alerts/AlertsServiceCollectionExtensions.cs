using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Alerts;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Alerts;

/// <summary>Wires alerts: the rules and outbox the key and tenant grains use, webhook delivery and its pump.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>Adds the alert stores (from the storage provider), <see cref="AlertServices"/>, the sender and the pump.</summary>
    public static IServiceCollection AddGatoLinkAlerts(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("GatoLink:Webhooks").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().AlertRules);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Outbox);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Webhooks);
        services.AddSingleton<AlertServices>();
        services.AddSingleton(sp => new WebhookSender(
            // Receivers are few and long-lived: one client, connections recycled so a receiver's DNS change is seen.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddHostedService<WebhookPump>();
        return services;
    }
}
