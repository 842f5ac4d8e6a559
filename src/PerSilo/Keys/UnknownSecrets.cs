using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.PerSilo.Keys;

/// <summary>
/// The negative cache of a <see cref="KeyDirectory"/>: hashes of secrets that storage said were no key's, answered
/// without a query for <see cref="KeyDirectory.NegativeTtl"/>, bounded in size (a flood of distinct secrets clears it).
/// </summary>
internal sealed class UnknownSecrets(TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<SecretHash, long> _missedAt = new();

    /// <summary>Whether storage said, within the time to live, that no key has this secret.</summary>
    public bool Contains(SecretHash key) =>
        _missedAt.TryGetValue(key, out var at) && time.GetElapsedTime(at) < KeyDirectory.NegativeTtl;

    /// <summary>Remembers that storage has no key with this secret.</summary>
    public void Add(SecretHash key)
    {
        if (_missedAt.Count >= MaxEntries)
        {
            foreach (var (hash, at) in _missedAt)
            {
                if (time.GetElapsedTime(at) >= KeyDirectory.NegativeTtl)
                {
                    _missedAt.TryRemove(hash, out _);
                }
            }

            if (_missedAt.Count >= MaxEntries)
            {
                // A flood of distinct secrets (the failed-authentication limiter stops one address far sooner).
                _missedAt.Clear();
            }
        }

        _missedAt[key] = time.GetTimestamp();
    }

    /// <summary>Forgets one secret: a key now has it (created or rotated to it).</summary>
    public void Remove(SecretHash key) => _missedAt.TryRemove(key, out _);

    /// <summary>Forgets every secret (a full reload).</summary>
    public void Clear() => _missedAt.Clear();
}
