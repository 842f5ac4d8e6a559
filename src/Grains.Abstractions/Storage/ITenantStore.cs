using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Durable tenants.</summary>
public interface ITenantStore
{
    /// <summary>Inserts a new tenant and, when it is on a plan, its first plan period (from its creation), in one transaction.</summary>
    Task CreateAsync(TenantRecord tenant, CancellationToken ct);

    /// <summary>The tenant, or null.</summary>
    Task<TenantRecord?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>All tenants, by name.</summary>
    Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken ct);

    /// <summary>
    /// Replaces the tenant's fields; false when missing. With <paramref name="planFrom"/>, records in the same
    /// transaction that the tenant is on that plan from then on (its invoices prorate by it): both are written or neither.
    /// </summary>
    Task<bool> UpdateAsync(TenantRecord tenant, PlanPeriod? planFrom, CancellationToken ct);

    /// <summary>Deletes the tenant and its keys; false when missing.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct);
}
