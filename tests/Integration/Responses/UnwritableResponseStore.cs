using System.Data.Common;
using GatoLink.Grains.Abstractions.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>The silo's store with a database that refuses every write (reads and deletes pass through).</summary>
internal sealed class UnwritableResponseStore(IResponseStore inner) : IResponseStore
{
    public int RefusedWrites { get; private set; }

    public Task SaveAsync(StoredResponse response, CancellationToken ct)
    {
        RefusedWrites++;
        throw new WriteRefused();
    }

    public Task<StoredResponse?> FindAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct) => inner.FindAsync(tenantId, id, now, ct);

    public Task<bool> DeleteAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct) => inner.DeleteAsync(tenantId, id, now, ct);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken ct) => inner.PurgeExpiredAsync(now, ct);

    private sealed class WriteRefused : DbException
    {
        public WriteRefused()
            : base("the database refused the write")
        {
        }
    }
}
