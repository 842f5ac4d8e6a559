using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Audit;
using GatoLink.Silo.Keys;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Quotas;

namespace GatoLink.Silo.Quotas;

/// <summary>Wires rate limits and budgets (held by the key and tenant grains), the audit log and rotation grace.</summary>
public static class QuotaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GrainAdmissionController"/> as the <see cref="IAdmissionController"/>, or the unlimited one when
    /// <c>GatoLink:Limits:Enabled</c> is false.
    /// </summary>
    public static IServiceCollection AddGatoLinkQuotas(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration("GatoLink:Limits").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AdmissionOptions>>().Value);
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
        services.TryAddSingleton<GrainAdmissionController>();
        services.TryAddSingleton<IAdmissionController>(sp => sp.GetRequiredService<AdmissionOptions>().Enabled
            ? sp.GetRequiredService<GrainAdmissionController>()
            : new UnlimitedAdmissionController());
        return services;
    }
}
