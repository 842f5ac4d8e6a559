using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Events the spool could not take (full disk, damaged file), held in memory until the stream has them: the one window
/// in which a process death loses usage, which is why <see cref="UsageForwarder"/> makes it loud. A batch taken for
/// publishing counts as held until it is sent or put back, so the ledger mark never passes an event on its way.
/// </summary>
internal sealed class UsageOverflow
{
    private readonly ConcurrentQueue<UsageEvent> _queue = new();
    private readonly Lock _gate = new();
    private List<UsageEvent>? _sending;

    /// <summary>Events waiting (not counting a batch being sent).</summary>
    public int Count => _queue.Count;

    /// <summary>Whether nothing waits.</summary>
    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>Whether a batch taken from here is on its way to the stream.</summary>
    public bool IsSending => Volatile.Read(ref _sending) is not null;

    /// <summary>Holds <paramref name="usage"/>.</summary>
    public void Enqueue(UsageEvent usage) => _queue.Enqueue(usage);

    /// <summary>Takes up to <paramref name="max"/> events to publish; they count as held until <see cref="Sent"/> or <see cref="PutBack"/>.</summary>
    public List<UsageEvent> Take(int max)
    {
        var events = new List<UsageEvent>();
        lock (_gate)
        {
            while (events.Count < max && _queue.TryDequeue(out var e))
            {
                events.Add(e);
            }

            _sending = events;
        }

        return events;
    }

    /// <summary>The batch taken is on the stream.</summary>
    public void Sent()
    {
        lock (_gate)
        {
            _sending = null;
        }
    }

    /// <summary>Publishing the batch failed: its events wait again.</summary>
    public void PutBack(IEnumerable<UsageEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                _queue.Enqueue(e);
            }

            _sending = null;
        }
    }

    /// <summary>The earlier of <paramref name="mark"/> and the oldest timestamp held here.</summary>
    public DateTimeOffset OldestBefore(DateTimeOffset mark)
    {
        lock (_gate)
        {
            foreach (var e in _queue)
            {
                mark = e.Timestamp < mark ? e.Timestamp : mark;
            }

            foreach (var e in _sending ?? [])
            {
                mark = e.Timestamp < mark ? e.Timestamp : mark;
            }
        }

        return mark;
    }
}
