using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Grains.Keys;

/// <summary>
/// This silo's activations of <see cref="ApiKeyEntry"/>, found by the hash of the secret.
/// Warmed from storage at start and kept in sync by registry changes; a miss falls back to one
/// storage lookup, remembered (a negative cache) so a repeated unknown secret costs no query.
/// </summary>
public sealed class KeyDirectory
{
    /// <summary>
    /// How long a secret that is no key's is answered without storage. Long, because a key created or rotated to
    /// that secret on any silo forgets the miss at once; the bound only covers a registry change that was lost.
    /// </summary>
    public static readonly TimeSpan NegativeTtl = TimeSpan.FromMinutes(5);
    private const int MaxNegativeEntries = 10_000;

    private readonly ConcurrentDictionary<SecretHash, ApiKeyEntry> _byHash = new();
    private readonly ConcurrentDictionary<Guid, ApiKeyEntry> _byId = new();
    private readonly ConcurrentDictionary<SecretHash, long> _misses = new();
    private volatile Dictionary<SecretHash, KeyGrace> _grace = [];
    private readonly IApiKeyStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates an empty directory over the key store.</summary>
    public KeyDirectory(IApiKeyStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Number of active grains.</summary>
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
            return KeyLookup.Found(entry);
        }

        if (FindGrace(key, hash) is { } graced)
        {
            return KeyLookup.Found(graced);
        }

        if (_misses.TryGetValue(key, out var missedAt) && _time.GetElapsedTime(missedAt) < NegativeTtl)
        {
            return KeyLookup.Missing;
        }

        return KeyLookup.AskStorage(hash.ToArray());
    }

    /// <summary>
    /// Asks storage about a secret <see cref="Lookup"/> could not tell; a miss is remembered for
    /// <see cref="NegativeTtl"/>, or until a key with that secret is created or rotated to it on any silo (the
    /// registry change reaches <see cref="Upsert"/>, which forgets the miss).
    /// </summary>
    public async ValueTask<ApiKeyEntry?> FindInStorageAsync(KeyLookup lookup, CancellationToken ct)
    {
        if (!lookup.NeedsStorage)
        {
            return lookup.Entry;
        }

        var hash = lookup.Hash!;
        var record = await _store.FindByHashAsync(hash, ct);
        if (record is null)
        {
            RememberMiss(SecretHash.From(hash));
            return null;
        }

        return Upsert(record);
    }

    private void RememberMiss(SecretHash key)
    {
        if (_misses.Count >= MaxNegativeEntries)
        {
            foreach (var (hash, at) in _misses)
            {
                if (_time.GetElapsedTime(at) >= NegativeTtl)
                {
                    _misses.TryRemove(hash, out _);
                }
            }

            if (_misses.Count >= MaxNegativeEntries)
            {
                // A flood of distinct secrets (the failed-authentication limiter stops one address far sooner).
                _misses.Clear();
            }
        }

        _misses[key] = _time.GetTimestamp();
    }

    /// <summary>Replaces the old secrets still in their grace period (sync loop, rotation).</summary>
    public void LoadGrace(IReadOnlyList<KeyGrace> graces)
    {
        ArgumentNullException.ThrowIfNull(graces);
        var map = new Dictionary<SecretHash, KeyGrace>(graces.Count);
        foreach (var grace in graces)
        {
            map[SecretHash.From(grace.SecretHash)] = grace;
        }

        _grace = map;
    }

    /// <summary>Adds one old secret in its grace period (the rotating silo, before the sync loop catches up).</summary>
    public void AddGrace(KeyGrace grace)
    {
        ArgumentNullException.ThrowIfNull(grace);
        var map = new Dictionary<SecretHash, KeyGrace>(_grace)
        {
            [SecretHash.From(grace.SecretHash)] = grace,
        };
        _grace = map;
    }

    /// <summary>Drops a key (its tenant was deleted).</summary>
    public void Remove(Guid id)
    {
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

    private ApiKeyEntry? FindGrace(SecretHash key, ReadOnlySpan<byte> hash)
    {
        if (!_grace.TryGetValue(key, out var grace)
            || grace.ExpiresAt <= _time.GetUtcNow()
            || !CryptographicOperations.FixedTimeEquals(grace.SecretHash, hash))
        {
            return null;
        }

        return Get(grace.KeyId);
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
        _misses.TryRemove(hash, out _);
        return entry;
    }

    /// <summary>Replaces the whole directory with what storage holds (sync loop).</summary>
    public void Load(IReadOnlyList<ApiKeyRecord> records)
    {
        var seen = new HashSet<Guid>();
        foreach (var record in records)
        {
            Upsert(record);
            seen.Add(record.Id);
        }

        foreach (var (id, entry) in _byId)
        {
            if (!seen.Contains(id) && _byId.TryRemove(id, out _))
            {
                _byHash.TryRemove(SecretHash.From(entry.Record.SecretHash), out _);
            }
        }
    }
}
