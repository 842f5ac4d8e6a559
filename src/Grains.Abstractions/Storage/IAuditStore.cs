using GatoLink.Grains.Abstractions.Audit;

namespace GatoLink.Grains.Abstractions.Storage;

/// <summary>The append-only audit log of admin mutations.</summary>
public interface IAuditStore
{
    /// <summary>Appends one entry (its <see cref="AuditEntry.Id"/> is ignored).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken ct);

    /// <summary>Entries in [from, to), oldest first, of one tenant or (null) of all; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(Guid? tenantId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct);
}
