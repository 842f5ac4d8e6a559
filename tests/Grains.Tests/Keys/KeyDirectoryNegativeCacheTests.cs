using GatoLink.Grains.Tests.Quotas;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Grains.Tests.Keys;

/// <summary>
/// A secret that is no key's is asked of storage once, then answered from memory until a key with that secret
/// reaches the directory (created or rotated on any silo: the registry change upserts it) or the miss gets old.
/// </summary>
public sealed class KeyDirectoryNegativeCacheTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CountingKeyStore _store = new();

    [Fact]
    public async Task ARepeatedUnknownSecretIsAskedOfStorageOnceEvenMinutesApart()
    {
        var keys = new KeyDirectory(_store, _time);

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await keys.FindAsync("gl-unknown-secret", CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(1, _store.HashLookups);
    }

    [Fact]
    public async Task AMissIsAskedAgainOnceItIsOlderThanTheNegativeTtl()
    {
        var keys = new KeyDirectory(_store, _time);
        Assert.Null(await keys.FindAsync("gl-unknown-secret", CancellationToken.None));

        _time.Advance(KeyDirectory.NegativeTtl);
        Assert.Null(await keys.FindAsync("gl-unknown-secret", CancellationToken.None));

        Assert.Equal(2, _store.HashLookups);
    }

    [Fact]
    public async Task AKeyCreatedWithARefusedSecretIsFoundAtOnce()
    {
        var keys = new KeyDirectory(_store, _time);
        const string secret = "gl-chosen-secret";
        Assert.Null(await keys.FindAsync(secret, CancellationToken.None));

        // What the silo that creates or rotates the key does (the others forget the miss through Refresh).
        var record = new ApiKeyRecord(Guid.NewGuid(), Guid.NewGuid(), "chosen", "gl-cho", ApiKeySecrets.Hash(secret), ApiKeyRole.User, ApiKeyStatus.Active, null, Limits.None, [], _time.GetUtcNow());
        keys.Upsert(record);

        Assert.Equal(record.Id, (await keys.FindAsync(secret, CancellationToken.None))?.Record.Id);
        Assert.Equal(1, _store.HashLookups);
    }

    [Fact]
    public async Task AMissForgottenByAnUpsertIsAskedOfStorageAgainAfterTheKeyIsGone()
    {
        var keys = new KeyDirectory(_store, _time);
        const string secret = "gl-rotated-away";
        var record = new ApiKeyRecord(Guid.NewGuid(), Guid.NewGuid(), "k", "gl-rot", ApiKeySecrets.Hash(secret), ApiKeyRole.User, ApiKeyStatus.Active, null, Limits.None, [], _time.GetUtcNow());
        keys.Upsert(record);

        // Rotated on another silo: the new record replaces the old secret's entry.
        keys.Upsert(record with { SecretHash = ApiKeySecrets.Hash("gl-new-secret") });

        Assert.Null(await keys.FindAsync(secret, CancellationToken.None));
        Assert.Null(await keys.FindAsync(secret, CancellationToken.None));
        Assert.Equal(1, _store.HashLookups);
    }

    [Fact]
    public async Task ABurstOfFirstUsesOfOneSecretIsOneStorageRead()
    {
        var keys = new KeyDirectory(_store, _time);
        _store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = Enumerable.Range(0, 50).Select(_ => keys.FindAsync("gl-burst-secret", CancellationToken.None).AsTask()).ToList();
        _store.Gate.SetResult();

        Assert.All(await Task.WhenAll(burst), Assert.Null);
        Assert.Equal(1, _store.HashLookups);
    }

    /// <summary>A store that holds nothing and counts the lookups by hash.</summary>
    private sealed class CountingKeyStore : IApiKeyStore
    {
        private int _hashLookups;

        public int HashLookups => Volatile.Read(ref _hashLookups);

        /// <summary>When set, every lookup waits for it (a slow database).</summary>
        public TaskCompletionSource? Gate { get; set; }

        public async Task<ApiKeyRecord?> FindByHashAsync(byte[] secretHash, CancellationToken ct)
        {
            Interlocked.Increment(ref _hashLookups);
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            return null;
        }

        public Task CreateAsync(ApiKeyRecord key, CancellationToken ct) => Task.CompletedTask;

        public Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct) => Task.FromResult<ApiKeyRecord?>(null);

        public Task<IReadOnlyList<ApiKeyRecord>> ListByTenantAsync(Guid tenantId, CancellationToken ct) => Task.FromResult<IReadOnlyList<ApiKeyRecord>>([]);

        public Task<IReadOnlyList<ApiKeyRecord>> ListAllAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ApiKeyRecord>>([]);

        public Task<bool> UpdateAsync(ApiKeyRecord key, CancellationToken ct) => Task.FromResult(false);
    }
}
