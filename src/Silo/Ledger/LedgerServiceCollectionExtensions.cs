using GatoLink.Grains.Abstractions.Billing;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Hosting;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>Wires the usage ledger into a silo.</summary>
public static class LedgerServiceCollectionExtensions
{
    /// <summary>The spool's file name inside the data directory.</summary>
    public const string SpoolFileName = "usage-spool.db";

    /// <summary>
    /// Adds the silo's usage path: the <see cref="UsageSpool"/>, the <see cref="UsageForwarder"/> (the
    /// <see cref="IUsageSink"/>) publishing on the Orleans usage stream, the ledger store the billing grain writes
    /// (<see cref="IUsageLedger"/>), <see cref="IUsageQueries"/> and the maintenance loop. Needs
    /// <see cref="IStorageProvider"/> (a <see cref="SqlStorageProvider"/>) and <see cref="SiloOptions"/> registered.
    /// Observers register as <c>services.AddSingleton&lt;IUsageObserver, …&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddGatoLinkLedger(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(UsageForwarder)))
        {
            // Already wired (twice would start the forwarder loop twice).
            return services;
        }

        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILedgerStore>(sp => sp.GetRequiredService<IStorageProvider>() switch
        {
            PostgresStorageProvider pg => new PostgresLedgerStore(pg.DataSource),
            SqliteStorageProvider sqlite => new SqliteLedgerStore(sqlite),
            var other => throw new InvalidOperationException($"The ledger cannot write to a {other.GetType().Name}."),
        });
        services.TryAddSingleton<IUsageQueries>(sp => sp.GetRequiredService<ILedgerStore>());
        services.TryAddSingleton<IUsageLedger>(sp => sp.GetRequiredService<ILedgerStore>());
        services.TryAddSingleton<ILedgerBalances>(sp => sp.GetRequiredService<ILedgerStore>());
        services.TryAddSingleton(sp =>
        {
            var ledger = sp.GetRequiredService<IOptions<LedgerOptions>>().Value;
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new UsageSpool(ledger.SpoolPath ?? Path.Combine(silo.DataDirectory, SpoolFileName), sp.GetRequiredService<TimeProvider>(), ledger.SpoolMaxBytes);
        });
        services.TryAddSingleton<IUsageBatchPublisher, OrleansUsagePublisher>();
        services.TryAddSingleton<LedgerCommitter>();
        services.TryAddSingleton<UsageForwarder>();
        services.AddSingleton<IUsageSink>(sp => sp.GetRequiredService<UsageForwarder>());
        services.AddSingleton<GatoLink.PerSilo.Telemetry.IUsageStreamMetricsSource>(sp => sp.GetRequiredService<UsageForwarder>());
        services.AddHostedService(sp => sp.GetRequiredService<UsageForwarder>());
        // After the forwarder: hosted services stop in reverse order, so the committer writes its last batch (or hands it
        // back to the spool) before the forwarder's final publish of the spool.
        services.AddHostedService(sp => sp.GetRequiredService<LedgerCommitter>());
        ReminderStarter.Add(services, "ledger maintenance", grains => grains.GetGrain<ILedgerMaintenanceGrain>(0).Start());
        services.TryAddSingleton<UsageWatermarkReporter>();
        services.AddSingleton<ILedgerWatermark>(sp => sp.GetRequiredService<UsageWatermarkReporter>());
        services.AddHostedService(sp => sp.GetRequiredService<UsageWatermarkReporter>());
        return services;
    }
}
