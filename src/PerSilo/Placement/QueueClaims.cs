using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Abstractions.Tenants;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Keys;

namespace GatoLink.PerSilo.Placement;

/// <summary>
/// What a request claims in its model's wait queue, from the silo's directories (no grain call): its key's priority
/// class, its tenant's weight and guarantee, and its GPU work (prompt tokens + the output tokens it may generate).
/// </summary>
public sealed class QueueClaims(TenantDirectory tenants)
{
    /// <summary>The claim of a request of <paramref name="key"/> of <paramref name="work"/> GPU work.</summary>
    public QueueClaim For(ApiKeyEntry key, long work)
    {
        ArgumentNullException.ThrowIfNull(key);
        var share = tenants.Get(key.TenantId)?.Record.ShareOrDefault ?? FairShare.Default;
        return new QueueClaim(key.TenantId, key.Record.Priority, share.Weight, share.GuaranteedShare, Math.Max(1, work));
    }
}
