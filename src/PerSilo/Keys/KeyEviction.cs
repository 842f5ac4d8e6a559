using System.Collections.Concurrent;

namespace GatoLink.PerSilo.Keys;

/// <summary>
/// What a <see cref="KeyDirectory"/> lets go of after it caches a key: past its capacity the least recently used tenth
/// (one sort per capacity/10 new keys), and, at most every <see cref="IdleTtl"/>/4, every key unused for
/// <see cref="IdleTtl"/>, so that a key that stopped being used costs the silo nothing after a while. A silo that caches
/// no new key does not sweep: it does not grow either.
/// </summary>
internal sealed class KeyEviction(TimeProvider time, int capacity)
{
    /// <summary>How long a cached key may go unused before it is forgotten; longer than an idle key grain lives.</summary>
    public static readonly TimeSpan IdleTtl = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private long _lastSweep = time.GetTimestamp();

    /// <summary>Drops what is due from <paramref name="byId"/> through <paramref name="remove"/>.</summary>
    public void AfterInsert(ConcurrentDictionary<Guid, ApiKeyEntry> byId, Action<Guid> remove)
    {
        if (byId.Count > capacity)
        {
            EvictLeastRecentlyUsed(byId, remove);
        }
        else if (time.GetElapsedTime(Volatile.Read(ref _lastSweep)) >= IdleTtl / 4)
        {
            ForgetIdle(byId, remove);
        }
    }

    private void EvictLeastRecentlyUsed(ConcurrentDictionary<Guid, ApiKeyEntry> byId, Action<Guid> remove)
    {
        lock (_gate)
        {
            var excess = byId.Count - capacity;
            if (excess <= 0)
            {
                return;
            }

            var oldest = byId.Values.OrderBy(e => e.LastUsed).Take(excess + capacity / 10).ToList();
            foreach (var entry in oldest)
            {
                remove(entry.Id);
            }
        }
    }

    private void ForgetIdle(ConcurrentDictionary<Guid, ApiKeyEntry> byId, Action<Guid> remove)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(_lastSweep, now) < IdleTtl / 4)
            {
                return;
            }

            Volatile.Write(ref _lastSweep, now);
            foreach (var (id, entry) in byId)
            {
                if (time.GetElapsedTime(entry.LastUsed, now) >= IdleTtl)
                {
                    remove(id);
                }
            }
        }
    }
}
