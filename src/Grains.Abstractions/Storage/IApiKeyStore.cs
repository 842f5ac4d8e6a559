using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>Durable API keys (hashes only).</summary>
public interface IApiKeyStore
{
    /// <summary>Inserts a new key.</summary>
    Task CreateAsync(ApiKeyRecord key, CancellationToken ct);

    /// <summary>The key, or null.</summary>
    Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, or null.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(byte[] secretHash, CancellationToken ct);

    /// <summary>Keys of one tenant.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListByTenantAsync(Guid tenantId, CancellationToken ct);

    /// <summary>Every key (for warming the silo's cache).</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAllAsync(CancellationToken ct);

    /// <summary>Replaces the mutable fields (name, role, status, expiry, limits, models, hash, prefix); false when missing.</summary>
    Task<bool> UpdateAsync(ApiKeyRecord key, CancellationToken ct);
}
