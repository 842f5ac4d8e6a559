using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.PerSilo.Tenants;

/// <summary>The hot state of one tenant on this silo: its record, swapped atomically on change.</summary>
public sealed class TenantEntry
{
    private TenantRecord _record;

    /// <summary>Creates the entry from its stored record.</summary>
    public TenantEntry(TenantRecord record) => _record = record;

    /// <summary>The current record.</summary>
    public TenantRecord Record => Volatile.Read(ref _record);

    /// <summary>Tenant id.</summary>
    public Guid Id => Record.Id;

    /// <summary>Replaces the record after an admin change.</summary>
    public void Update(TenantRecord record) => Volatile.Write(ref _record, record);
}
