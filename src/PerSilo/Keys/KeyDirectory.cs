using System.Collections.Concurrent;
using System.Text;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.PerSilo.Keys;

/// <summary>
/// This silo's cache of <see cref="ApiKeyEntry"/>, found by the hash of the secret: a key is loaded from storage the
/// first time a request presents it and kept while it is used, so a silo's memory and start time do not grow with keys
/// that are not in use. Bounded by <see cref="Capacity"/> and forgotten after <see cref="IdleTtl"/> unused
/// (<see cref="KeyEviction"/>); a forgotten key is loaded again on its next use. Changes reach a cached key through the registry's notifications (<see cref="Refresh"/>), so a
/// revocation holds on every silo within a second. A miss falls back to one storage lookup, remembered (a negative
/// cache) so a repeated unknown secret costs no query.
/// </summary>
/// <remarks>
/// Our own rather than <c>MemoryCache</c>: an entry has two indexes (secret hash and key id) that must change together
/// under the registry's updates, and the hit path is one dictionary read and one timestamp write.
/// </remarks>
public sealed class KeyDirectory
{
    /// <summary>
    /// How long a secret that is no key's is answered without storage. Long, because a key created or rotated to
    /// that secret on any silo forgets the miss at once; the bound only covers a registry change that was lost.
    /// </summary>
    public static readonly TimeSpan NegativeTtl = TimeSpan.FromMinutes(5);

    /// <summary>Keys cached per silo unless configured otherwise.</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>How long a cached key may go unused before it is forgotten (see <see cref="KeyEviction"/>).</summary>
    public static TimeSpan IdleTtl => KeyEviction.IdleTtl;

    private readonly ConcurrentDictionary<SecretHash, ApiKeyEntry> _byHash = new();
    private readonly ConcurrentDictionary<Guid, ApiKeyEntry> _byId = new();
    private readonly UnknownSecrets _unknown;
    private readonly GraceSecrets _grace;
    private const int MaxLoadAttempts = 3;

    private readonly KeyEviction _eviction;
    private readonly Lock _changeGate = new();
    private readonly ConcurrentDictionary<SecretHash, Lazy<Task<ApiKeyEntry?>>> _loading = new();
    private long _version;
    private readonly IApiKeyStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates an empty directory over the key store.</summary>
    public KeyDirectory(IApiKeyStore store, TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _store = store;
        _time = time;
        _unknown = new UnknownSecrets(time);
        _grace = new GraceSecrets(time);
        _eviction = new KeyEviction(time, capacity);
        Capacity = capacity;
    }

    /// <summary>Most keys kept at once.</summary>
    public int Capacity { get; }

    /// <summary>Keys cached now.</summary>
    public int Count => _byId.Count;

    /// <summary>Finds the entry of a bearer secret; null when no key has it (one storage lookup when this silo cannot tell).</summary>
    public ValueTask<ApiKeyEntry?> FindAsync(ReadOnlySpan<char> secret, CancellationToken ct)
    {
        var lookup = Lookup(secret);
        return lookup.NeedsStorage ? FindInStorageAsync(lookup, ct) : ValueTask.FromResult(lookup.Entry);
    }

    /// <summary>What this silo knows of a bearer secret, without asking storage.</summary>
    public KeyLookup Lookup(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[256];
        if (secret.Length == 0 || Encoding.UTF8.GetMaxByteCount(secret.Length) > utf8.Length)
        {
            // Longer than any secret we issue: not ours, and not worth hashing.
            return KeyLookup.Missing;
        }

        var written = Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> hash = stackalloc byte[32];
        ApiKeySecrets.Hash(utf8[..written], hash);
        var key = SecretHash.From(hash);
        if (_byHash.TryGetValue(key, out var entry) && entry.Matches(hash))
        {
            entry.LastUsed = _time.GetTimestamp();
            return KeyLookup.Found(entry);
        }

        if (_grace.KeyOf(key, hash) is { } gracedId && Get(gracedId) is { } graced)
        {
            return KeyLookup.Found(graced);
        }

        if (_unknown.Contains(key))
        {
            return KeyLookup.Missing;
        }

        return KeyLookup.AskStorage(hash.ToArray());
    }

    /// <summary>
    /// Asks storage about a secret <see cref="Lookup"/> could not tell. A miss is remembered for
    /// <see cref="NegativeTtl"/>, or until a key with that secret is created or rotated to it on any silo (the
    /// registry change reaches <see cref="Refresh"/>, which forgets the miss).
    /// </summary>
    public ValueTask<ApiKeyEntry?> FindInStorageAsync(KeyLookup lookup, CancellationToken ct)
    {
        if (!lookup.NeedsStorage)
        {
            return ValueTask.FromResult(lookup.Entry);
        }

        // Concurrent first uses of one key share one storage read (a burst on a new key is one query, not hundreds that
        // exhaust the connection pool); each caller waits with its own cancellation.
        var hash = lookup.Hash!;
        var key = SecretHash.From(hash);
        var load = _loading.GetOrAdd(key, k => new Lazy<Task<ApiKeyEntry?>>(() => LoadSharedAsync(k, hash)));
        return new ValueTask<ApiKeyEntry?>(load.Value.WaitAsync(ct));
    }

    private async Task<ApiKeyEntry?> LoadSharedAsync(SecretHash key, byte[] hash)
    {
        try
        {
            return await LoadAsync(key, hash);
        }
        finally
        {
            _loading.TryRemove(key, out _);
        }
    }

    private async Task<ApiKeyEntry?> LoadAsync(SecretHash key, byte[] hash)
    {
        // Not cancellable: callers share it; each gives up on its own through WaitAsync.
        var ct = CancellationToken.None;
        ApiKeyRecord? record = null;
        for (var attempt = 0; attempt < MaxLoadAttempts; attempt++)
        {
            // A change notified while storage was read may be missing from what was read: read again then, so that a
            // stale record (a key revoked meanwhile) is never cached after its notification was passed over.
            var version = Volatile.Read(ref _version);
            record = await _store.FindByHashAsync(hash, ct);
            if (record is null && _grace.KeyOf(key, hash) is { } gracedId)
            {
                // The old secret of a rotated key in its grace period, whose key this silo has not cached: load the key
                // (Lookup then finds it through the grace map).
                record = await _store.GetAsync(gracedId, ct);
            }
            lock (_changeGate)
            {
                if (version != _version)
                {
                    continue;
                }

                if (record is null)
                {
                    _unknown.Add(key);
                    return null;
                }

                return Upsert(record);
            }
        }

        // Changes kept coming: use the last read for this request without caching it.
        return record is null ? null : new ApiKeyEntry(record);
    }

    /// <summary>
    /// Takes a key that changed on another silo if this silo has it cached; one that is not cached is read from storage
    /// on its next use anyway (and no longer counts as unknown). Null: the key is gone.
    /// </summary>
    public void Refresh(Guid id, ApiKeyRecord? record)
    {
        lock (_changeGate)
        {
            Interlocked.Increment(ref _version);
            if (record is null)
            {
                Remove(id);
                return;
            }

            _unknown.Remove(SecretHash.From(record.SecretHash));
            if (_byId.ContainsKey(id))
            {
                Upsert(record);
            }
        }
    }

    /// <summary>
    /// Forgets every cached key (a full reload: notifications may have been missed); each is read again on its next use.
    /// </summary>
    public void Clear()
    {
        lock (_changeGate)
        {
            Interlocked.Increment(ref _version);
            _byId.Clear();
            _byHash.Clear();
            _unknown.Clear();
        }
    }

    /// <summary>Replaces the old secrets still in their grace period (sync loop, rotation).</summary>
    public void LoadGrace(IReadOnlyList<KeyGrace> graces) => _grace.Load(graces);

    /// <summary>Adds one old secret in its grace period (the rotating silo, before the sync loop catches up).</summary>
    public void AddGrace(KeyGrace grace) => _grace.Add(grace);

    /// <summary>Drops a key (its tenant was deleted).</summary>
    public void Remove(Guid id)
    {
        Interlocked.Increment(ref _version);
        if (_byId.TryRemove(id, out var entry))
        {
            _byHash.TryRemove(SecretHash.From(entry.Record.SecretHash), out _);
        }
    }

    /// <summary>Drops every key of a tenant (the tenant was deleted on another silo).</summary>
    public void RemoveTenant(Guid tenantId)
    {
        foreach (var (id, entry) in _byId)
        {
            if (entry.TenantId == tenantId)
            {
                Remove(id);
            }
        }
    }

    /// <summary>The entry of a key id, if active on this silo.</summary>
    public ApiKeyEntry? Get(Guid id) => _byId.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>Activates or updates the entry of <paramref name="record"/>.</summary>
    public ApiKeyEntry Upsert(ApiKeyRecord record)
    {
        var entry = _byId.AddOrUpdate(record.Id, id => new ApiKeyEntry(record), (id, existing) =>
        {
            var oldHash = SecretHash.From(existing.Record.SecretHash);
            existing.Update(record);
            if (oldHash != SecretHash.From(record.SecretHash))
            {
                _byHash.TryRemove(oldHash, out _);
            }

            return existing;
        });
        var hash = SecretHash.From(record.SecretHash);
        _byHash[hash] = entry;
        _unknown.Remove(hash);
        entry.LastUsed = _time.GetTimestamp();
        _eviction.AfterInsert(_byId, Remove);
        return entry;
    }
}
