using GatoLink.Gateway;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Quotas;
using GatoLink.Silo.Audit;
using GatoLink.Silo.Keys;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GatoLink.Silo.Quotas;

/// <summary>Wires rate limits, budgets, leases, the audit log and LISTEN/NOTIFY directory sync.</summary>
public static class QuotaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QuotaAdmissionController"/> as the <see cref="IAdmissionController"/> (or the unlimited one
    /// when <c>GatoLink:Limits:Enabled</c> is false), leasing from PostgreSQL on a cluster and from memory on SQLite.
    /// Call before the silo's <c>TryAddSingleton&lt;IAdmissionController, …&gt;</c>.
    /// </summary>
    public static IServiceCollection AddGatoLinkQuotas(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            // GatewayOptions.SiloId defaults to the machine name, shared by silos on one host: leases need a unique id.
            var name = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.SiloId;
            return new SiloMembership($"{name}-{Guid.NewGuid():N}");
        });
        services.TryAddSingleton(sp => new InMemoryQuotaLeaseStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IQuotaLeaseStore>(sp => new MeteredQuotaLeaseStore(
            DataSource(sp) is { } ds
                ? new PostgresQuotaLeaseStore(ds, sp.GetRequiredService<TimeProvider>())
                : sp.GetRequiredService<InMemoryQuotaLeaseStore>(),
            sp.GetRequiredService<GatoLink.Grains.Telemetry.LimitInstruments>()));
        services.TryAddSingleton<IQuotaReader>(sp => DataSource(sp) is { } ds
            ? new PostgresQuotaReader(ds, sp.GetRequiredService<TimeProvider>())
            : sp.GetRequiredService<InMemoryQuotaLeaseStore>());
        services.TryAddSingleton<IAuditStore>(sp =>
        {
            var storage = sp.GetRequiredService<IStorageProvider>();
            return new SqlAuditStore((IStorageConnectionFactory)storage, storage.Kind);
        });
        services.TryAddSingleton<IKeyGraceStore>(sp =>
        {
            var storage = sp.GetRequiredService<IStorageProvider>();
            return new SqlKeyGraceStore((IStorageConnectionFactory)storage, storage.Kind);
        });
        services.TryAddSingleton<Gateway.Admin.AdminAudit>();
        services.TryAddSingleton<QuotaAdmissionController>();
        services.TryAddSingleton<IAdmissionController>(sp => sp.GetRequiredService<IOptions<LimitsOptions>>().Value.Enabled
            ? sp.GetRequiredService<QuotaAdmissionController>()
            : new UnlimitedAdmissionController());
        services.AddHostedService(sp => new QuotaMaintenanceService(
            sp.GetRequiredService<QuotaAdmissionController>(),
            sp.GetRequiredService<SiloMembership>(),
            DataSource(sp),
            sp.GetRequiredService<IOptions<LimitsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QuotaMaintenanceService>>(),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => new DirectoryListener(
            DataSource(sp),
            sp.GetRequiredService<Grains.Control.ControlPlane>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DirectoryListener>>(),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        return services;
    }

    private static NpgsqlDataSource? DataSource(IServiceProvider sp) =>
        (sp.GetRequiredService<IStorageProvider>() as PostgresStorageProvider)?.DataSource;
}
