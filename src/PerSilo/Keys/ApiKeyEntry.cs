using System.Security.Cryptography;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.PerSilo.Keys;

/// <summary>
/// The hot state of one API key on this silo. The record is swapped atomically when an admin
/// change arrives, so readers on the hot path never lock.
/// </summary>
public sealed class ApiKeyEntry
{
    private ApiKeyRecord _record;
    private long _lastUsed;

    /// <summary>Creates the entry from its stored record.</summary>
    public ApiKeyEntry(ApiKeyRecord record) => _record = record;

    /// <summary>The current record.</summary>
    public ApiKeyRecord Record => Volatile.Read(ref _record);

    /// <summary>Key id.</summary>
    public Guid Id => Record.Id;

    /// <summary>Owning tenant.</summary>
    public Guid TenantId => Record.TenantId;

    /// <summary>Replaces the record after an admin change.</summary>
    public void Update(ApiKeyRecord record) => Volatile.Write(ref _record, record);

    /// <summary>When a request last presented the key (the <see cref="KeyDirectory"/>'s clock), for its eviction.</summary>
    internal long LastUsed
    {
        get => Volatile.Read(ref _lastUsed);
        set => Volatile.Write(ref _lastUsed, value);
    }

    /// <summary>True when <paramref name="hash"/> is this key's hash, compared in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> hash) => CryptographicOperations.FixedTimeEquals(Record.SecretHash, hash);

    /// <summary>Whether the key may be used at <paramref name="now"/>.</summary>
    public KeyUsability CheckUsable(DateTimeOffset now)
    {
        var record = Record;
        if (record.Status != ApiKeyStatus.Active)
        {
            return KeyUsability.Revoked;
        }

        return record.ExpiresAt is { } expires && expires <= now ? KeyUsability.Expired : KeyUsability.Usable;
    }

    /// <summary>Whether the key may call <paramref name="model"/> (empty allow-list: every model).</summary>
    public bool MayUse(string model)
    {
        var allowed = Record.AllowedModels;
        if (allowed.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
