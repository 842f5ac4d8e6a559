using System.Security.Cryptography;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.PerSilo.Keys;

/// <summary>
/// The old secrets of rotated keys still in their grace period, by hash: replaced whole by the sync loop, added to
/// one at a time by the rotating silo before the loop catches up. Readers see one immutable map.
/// </summary>
internal sealed class GraceSecrets(TimeProvider time)
{
    private volatile Dictionary<SecretHash, KeyGrace> _bySecret = [];

    /// <summary>Replaces every grace secret.</summary>
    public void Load(IReadOnlyList<KeyGrace> graces)
    {
        ArgumentNullException.ThrowIfNull(graces);
        var map = new Dictionary<SecretHash, KeyGrace>(graces.Count);
        foreach (var grace in graces)
        {
            map[SecretHash.From(grace.SecretHash)] = grace;
        }

        _bySecret = map;
    }

    /// <summary>Adds one grace secret.</summary>
    public void Add(KeyGrace grace)
    {
        ArgumentNullException.ThrowIfNull(grace);
        _bySecret = new Dictionary<SecretHash, KeyGrace>(_bySecret) { [SecretHash.From(grace.SecretHash)] = grace };
    }

    /// <summary>The key id an old secret still opens (compared in constant time), or null when none does or its grace ended.</summary>
    public Guid? KeyOf(SecretHash key, ReadOnlySpan<byte> hash)
    {
        if (!_bySecret.TryGetValue(key, out var grace)
            || grace.ExpiresAt <= time.GetUtcNow()
            || !CryptographicOperations.FixedTimeEquals(grace.SecretHash, hash))
        {
            return null;
        }

        return grace.KeyId;
    }
}
