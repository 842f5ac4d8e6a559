using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;

namespace GatoLink.Grains.Models;

/// <summary>
/// One tenant's place in a model's fair queue: its waiters by class (oldest first), its weight and guarantee as its
/// newest request claimed them, its finish tag in the weighted fair queueing, and the GPU work served to it lately
/// (decayed with a half-life, so that the share it had long ago does not count). Single-threaded: the model grain's turn.
/// </summary>
public sealed class TenantLane
{
    private readonly LinkedList<QueueEntry> _interactive = new();
    private readonly LinkedList<QueueEntry> _batch = new();
    private double _served;
    private long _servedAt;

    /// <summary>A lane for <paramref name="tenantId"/>, empty.</summary>
    public TenantLane(Guid tenantId) => TenantId = tenantId;

    /// <summary>The tenant.</summary>
    public Guid TenantId { get; }

    /// <summary>Its weight, as its newest request claimed it.</summary>
    public int Weight { get; private set; } = 1;

    /// <summary>Its guaranteed share, as its newest request claimed it.</summary>
    public double? GuaranteedShare { get; private set; }

    /// <summary>Where its next request starts in virtual time, at the earliest (weighted fair queueing's finish tag).</summary>
    public double Finish { get; set; }

    /// <summary>GPU work of its waiting requests.</summary>
    public long QueuedWork { get; private set; }

    /// <summary>Its requests waiting.</summary>
    public int Count => _interactive.Count + _batch.Count;

    /// <summary>Its waiting requests of <paramref name="priority"/>, oldest first.</summary>
    public LinkedList<QueueEntry> Of(PriorityClass priority) => priority == PriorityClass.Batch ? _batch : _interactive;

    /// <summary>Adds a waiter at the end of its class.</summary>
    public LinkedListNode<QueueEntry> Add(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Weight = Math.Max(1, entry.Claim.Weight);
        GuaranteedShare = entry.Claim.GuaranteedShare;
        QueuedWork += entry.Claim.Work;
        return Of(entry.Claim.Class).AddLast(entry);
    }

    /// <summary>Takes a waiter out (served, left or refused).</summary>
    public void Remove(LinkedListNode<QueueEntry> node)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.List!.Remove(node);
        QueuedWork -= node.Value.Claim.Work;
    }

    /// <summary>The GPU work served lately, decayed to <paramref name="now"/>.</summary>
    public double Served(long now, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_served > 0)
        {
            _served *= Math.Pow(0.5, time.GetElapsedTime(_servedAt, now) / FairScheduler.ServedHalfLife);
        }

        _servedAt = now;
        return _served;
    }

    /// <summary>Counts <paramref name="work"/> as served now (negative: a correction down).</summary>
    public void AddServed(double work, long now, TimeProvider time) => _served = Math.Max(0, Served(now, time) + work);
}
