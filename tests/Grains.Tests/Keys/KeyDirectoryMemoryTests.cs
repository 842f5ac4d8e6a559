using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Tests.Quotas;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Grains.Tests.Keys;

/// <summary>
/// A silo caches a key from its first use and lets it go once it is no longer used, so its memory follows the keys in
/// use, not the keys in storage; a key it does not hold is read again, also when only its old secret (in a rotation's
/// grace period) is presented.
/// </summary>
public sealed class KeyDirectoryMemoryTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly StoredKeys _store = new();

    [Fact]
    public async Task AKeyUnusedForTheIdleTtlIsForgottenOnceAnotherKeyIsLoaded()
    {
        var keys = new KeyDirectory(_store, _time);
        var (idle, idleSecret) = _store.Add("gl-idle-key");
        var (_, otherSecret) = _store.Add("gl-other-key");
        Assert.Equal(idle.Id, (await keys.FindAsync(idleSecret, CancellationToken.None))?.Id);

        _time.Advance(KeyDirectory.IdleTtl);
        Assert.NotNull(await keys.FindAsync(otherSecret, CancellationToken.None));

        Assert.Equal(1, keys.Count);
        Assert.Null(keys.Get(idle.Id));
        Assert.Equal(idle.Id, (await keys.FindAsync(idleSecret, CancellationToken.None))?.Id);
        Assert.Equal(3, _store.HashLookups);
    }

    [Fact]
    public async Task AKeyUsedWithinTheIdleTtlStaysCached()
    {
        var keys = new KeyDirectory(_store, _time);
        var (used, usedSecret) = _store.Add("gl-used-key");
        var (_, otherSecret) = _store.Add("gl-other-key");
        await keys.FindAsync(usedSecret, CancellationToken.None);
        _time.Advance(KeyDirectory.IdleTtl / 2);
        await keys.FindAsync(usedSecret, CancellationToken.None);
        _time.Advance(KeyDirectory.IdleTtl / 2 + TimeSpan.FromSeconds(1));

        await keys.FindAsync(otherSecret, CancellationToken.None);

        Assert.Equal(2, keys.Count);
        Assert.NotNull(keys.Get(used.Id));
        Assert.Equal(2, _store.HashLookups);
    }

    [Fact]
    public async Task AnOldSecretInItsGracePeriodOpensItsKeyThatTheSiloHasNotCached()
    {
        var keys = new KeyDirectory(_store, _time);
        var (rotated, newSecret) = _store.Add("gl-new-secret");
        const string oldSecret = "gl-old-secret";
        keys.LoadGrace([new KeyGrace(rotated.Id, ApiKeySecrets.Hash(oldSecret), _time.GetUtcNow().AddHours(1))]);

        Assert.Equal(rotated.Id, (await keys.FindAsync(oldSecret, CancellationToken.None))?.Id);
        Assert.Equal(rotated.Id, (await keys.FindAsync(oldSecret, CancellationToken.None))?.Id);
        Assert.Equal(rotated.Id, (await keys.FindAsync(newSecret, CancellationToken.None))?.Id);
        Assert.Equal(1, _store.HashLookups);
    }

    [Fact]
    public async Task AnOldSecretPastItsGracePeriodOpensNothing()
    {
        var keys = new KeyDirectory(_store, _time);
        var (rotated, _) = _store.Add("gl-new-secret");
        const string oldSecret = "gl-old-secret";
        keys.LoadGrace([new KeyGrace(rotated.Id, ApiKeySecrets.Hash(oldSecret), _time.GetUtcNow().AddHours(1))]);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await keys.FindAsync(oldSecret, CancellationToken.None));
    }

    /// <summary>Keys in memory, found by hash or id; counts the lookups by hash.</summary>
    private sealed class StoredKeys : IApiKeyStore
    {
        private readonly List<ApiKeyRecord> _keys = [];
        private int _hashLookups;

        public int HashLookups => Volatile.Read(ref _hashLookups);

        public (ApiKeyRecord Record, string Secret) Add(string secret)
        {
            var record = new ApiKeyRecord(Guid.NewGuid(), Guid.NewGuid(), secret, secret[..6], ApiKeySecrets.Hash(secret), ApiKeyRole.User, ApiKeyStatus.Active, null, Limits.None, [], DateTimeOffset.UnixEpoch);
            lock (_keys)
            {
                _keys.Add(record);
            }

            return (record, secret);
        }

        public Task<ApiKeyRecord?> FindByHashAsync(byte[] secretHash, CancellationToken ct)
        {
            Interlocked.Increment(ref _hashLookups);
            lock (_keys)
            {
                return Task.FromResult(_keys.FirstOrDefault(k => k.SecretHash.AsSpan().SequenceEqual(secretHash)));
            }
        }

        public Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct)
        {
            lock (_keys)
            {
                return Task.FromResult(_keys.FirstOrDefault(k => k.Id == id));
            }
        }

        public Task CreateAsync(ApiKeyRecord key, CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlyList<ApiKeyRecord>> ListByTenantAsync(Guid tenantId, CancellationToken ct) => Task.FromResult<IReadOnlyList<ApiKeyRecord>>([]);

        public Task<IReadOnlyList<ApiKeyRecord>> ListAllAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ApiKeyRecord>>([]);

        public Task<bool> UpdateAsync(ApiKeyRecord key, CancellationToken ct) => Task.FromResult(false);
    }
}
