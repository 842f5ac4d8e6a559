using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Integration.Tests.Auth;

/// <summary>The silo's key store, counting the lookups by secret hash (what an unknown bearer token costs).</summary>
internal sealed class CountingKeyStore : IApiKeyStore
{
    private readonly IApiKeyStore _inner;
    private int _hashLookups;

    public CountingKeyStore(IApiKeyStore inner) => _inner = inner;

    public int HashLookups => Volatile.Read(ref _hashLookups);

    public Task<ApiKeyRecord?> FindByHashAsync(byte[] secretHash, CancellationToken ct)
    {
        Interlocked.Increment(ref _hashLookups);
        return _inner.FindByHashAsync(secretHash, ct);
    }

    public Task CreateAsync(ApiKeyRecord key, CancellationToken ct) => _inner.CreateAsync(key, ct);

    public Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct) => _inner.GetAsync(id, ct);

    public Task<IReadOnlyList<ApiKeyRecord>> ListByTenantAsync(Guid tenantId, CancellationToken ct) => _inner.ListByTenantAsync(tenantId, ct);

    public Task<IReadOnlyList<ApiKeyRecord>> ListAllAsync(CancellationToken ct) => _inner.ListAllAsync(ct);

    public Task<bool> UpdateAsync(ApiKeyRecord key, CancellationToken ct) => _inner.UpdateAsync(key, ct);
}
