using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.PerSilo.Nodes.Load;
using GatoLink.Grains.Nodes;

namespace GatoLink.PerSilo.Nodes;

/// <summary>This silo's GPU node grains by id.</summary>
public sealed class NodeDirectory
{
    private readonly ConcurrentDictionary<string, NodeReplica> _byId = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly NodeHealthOptions _health;
    private NodeReplica[] _all = [];

    /// <summary>Creates an empty directory.</summary>
    public NodeDirectory(TimeProvider time, NodeHealthOptions health)
    {
        _time = time;
        _health = health;
    }

    /// <summary>Pulsed when a node may have left saturation (a request ended, a new scrape was applied, a poll tick).</summary>
    public CapacitySignal Signal { get; } = new();

    /// <summary>
    /// Raised when a node's registry entry changed on this silo: its id and its new record, or null when it was deleted.
    /// Every change reaches here, this silo's own writes and other silos' through the registry notifications, so what a
    /// silo holds about a node (its decrypted API key) can follow it at once.
    /// </summary>
    public event Action<string, GpuNodeRecord?>? Changed;

    /// <summary>A snapshot of every node, cheap to read on the hot path.</summary>
    public IReadOnlyList<NodeReplica> All => Volatile.Read(ref _all);

    /// <summary>The entry of a node, or null.</summary>
    public NodeReplica? Get(string id) => _byId.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>Activates or updates a node.</summary>
    public NodeReplica Upsert(GpuNodeRecord record)
    {
        var entry = _byId.AddOrUpdate(record.Id, _ => new NodeReplica(record, _time, _health, Signal), (_, existing) =>
        {
            existing.Update(record);
            return existing;
        });
        Publish();
        Changed?.Invoke(record.Id, record);
        return entry;
    }

    /// <summary>Drops a deleted node.</summary>
    public void Remove(string id)
    {
        if (_byId.TryRemove(id, out _))
        {
            Publish();
            Changed?.Invoke(id, null);
        }
    }

    /// <summary>Replaces the directory with what storage holds.</summary>
    public void Load(IReadOnlyList<GpuNodeRecord> records)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            _byId.AddOrUpdate(record.Id, _ => new NodeReplica(record, _time, _health, Signal), (_, existing) =>
            {
                existing.Update(record);
                return existing;
            });
            seen.Add(record.Id);
        }

        var removed = new List<string>();
        foreach (var id in _byId.Keys)
        {
            if (!seen.Contains(id) && _byId.TryRemove(id, out _))
            {
                removed.Add(id);
            }
        }

        Publish();
        foreach (var record in records)
        {
            Changed?.Invoke(record.Id, record);
        }

        foreach (var id in removed)
        {
            Changed?.Invoke(id, null);
        }
    }

    private void Publish() => Volatile.Write(ref _all, _byId.Values.OrderBy(n => n.Id, StringComparer.Ordinal).ToArray());
}
