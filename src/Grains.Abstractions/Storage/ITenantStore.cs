using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Durable tenants.</summary>
public interface ITenantStore
{
    /// <summary>Inserts a new tenant.</summary>
    Task CreateAsync(TenantRecord tenant, CancellationToken ct);

    /// <summary>The tenant, or null.</summary>
    Task<TenantRecord?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>All tenants, by name.</summary>
    Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken ct);

    /// <summary>Replaces name, limits and disabled flag; false when missing.</summary>
    Task<bool> UpdateAsync(TenantRecord tenant, CancellationToken ct);

    /// <summary>Deletes the tenant and its keys; false when missing.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct);
}
