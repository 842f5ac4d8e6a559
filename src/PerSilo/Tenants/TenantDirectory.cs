using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.PerSilo.Tenants;

/// <summary>This silo's tenant grains by id, kept in sync with storage by the sync loop.</summary>
public sealed class TenantDirectory
{
    private readonly ConcurrentDictionary<Guid, TenantEntry> _byId = new();

    /// <summary>Every tenant entry.</summary>
    public IReadOnlyList<TenantEntry> All => _byId.Values.ToArray();

    /// <summary>The entry of a tenant, or null.</summary>
    public TenantEntry? Get(Guid id) => _byId.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>Activates or updates a tenant.</summary>
    public TenantEntry Upsert(TenantRecord record) =>
        _byId.AddOrUpdate(record.Id, _ => new TenantEntry(record), (_, existing) =>
        {
            existing.Update(record);
            return existing;
        });

    /// <summary>Drops a deleted tenant.</summary>
    public void Remove(Guid id) => _byId.TryRemove(id, out _);

    /// <summary>Replaces the directory with what storage holds.</summary>
    public void Load(IReadOnlyList<TenantRecord> records)
    {
        var seen = new HashSet<Guid>();
        foreach (var record in records)
        {
            Upsert(record);
            seen.Add(record.Id);
        }

        foreach (var id in _byId.Keys)
        {
            if (!seen.Contains(id))
            {
                _byId.TryRemove(id, out _);
            }
        }
    }
}
