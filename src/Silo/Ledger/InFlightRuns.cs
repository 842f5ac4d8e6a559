using System.Collections.Concurrent;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The spool runs published on the usage stream and not yet acknowledged by the ledger, by first sequence number:
/// when each was sent (for the resend after <see cref="LedgerOptions.AckTimeout"/>) and first published (for the
/// stream-lag metric, read by scrapes on other threads). Otherwise used by <see cref="UsageForwarder"/>'s loop alone.
/// </summary>
internal sealed class InFlightRuns(TimeProvider time)
{
    private readonly Dictionary<long, Run> _runs = [];

    // When each run still unacknowledged was first published (a resend keeps its first time): read by metric scrapes.
    private readonly ConcurrentDictionary<long, long> _firstPublished = new();
    private int _count;

    /// <summary>Runs published and not yet acknowledged (any thread).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>A run of the spool read up to <paramref name="last"/> and published now.</summary>
    public void Add(long first, long last, DateTimeOffset now)
    {
        _runs[first] = new Run(last, now, last);
        _firstPublished.TryAdd(first, time.GetTimestamp());
        Volatile.Write(ref _count, _runs.Count);
    }

    /// <summary>The runs sent longer than <paramref name="timeout"/> ago (a copy: the caller may change them).</summary>
    public List<(long First, long Last)> Due(DateTimeOffset now, TimeSpan timeout) =>
        [.. _runs.Where(r => now - r.Value.SentAt >= timeout).Select(r => (r.Key, r.Value.Last))];

    /// <summary>The run starting at <paramref name="first"/> was sent again now.</summary>
    public void Resent(long first, DateTimeOffset now)
    {
        if (_runs.TryGetValue(first, out var run))
        {
            _runs[first] = run with { SentAt = now };
        }
    }

    /// <summary>
    /// Publishing the run starting at <paramref name="first"/> failed: the newest run is forgotten and read again (the
    /// returned cursor is before it), an older one is due again at once (the cursor stays).
    /// </summary>
    public long Unsend(long first, long cursor)
    {
        if (!_runs.TryGetValue(first, out var run))
        {
            return cursor;
        }

        if (run.Cursor == cursor)
        {
            Forget(first);
            return first - 1;
        }

        _runs[first] = run with { SentAt = DateTimeOffset.MinValue };
        return cursor;
    }

    /// <summary>The run starting at <paramref name="first"/> is acknowledged (or gone from the spool).</summary>
    public void Forget(long first)
    {
        _runs.Remove(first);
        _firstPublished.TryRemove(first, out _);
        Volatile.Write(ref _count, _runs.Count);
    }

    /// <summary>How long the oldest run still unacknowledged has been on its way (zero when none is; any thread).</summary>
    public TimeSpan OldestAge()
    {
        var oldest = long.MaxValue;
        foreach (var published in _firstPublished.Values)
        {
            oldest = Math.Min(oldest, published);
        }

        return oldest == long.MaxValue ? TimeSpan.Zero : time.GetElapsedTime(oldest);
    }

    /// <summary>A run: its last sequence number, when it was last sent, and the read cursor after it.</summary>
    private sealed record Run(long Last, DateTimeOffset SentAt, long Cursor);
}
