using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>The ledger's tables in one database: batched idempotent writes, rollup reads, budget seeds, retention.</summary>
/// <remarks>Writes (<see cref="IUsageLedger.WriteAsync"/>) are one transaction per batch, one round trip on PostgreSQL.</remarks>
public interface ILedgerStore : IUsageQueries, IUsageLedger, ILedgerBalances
{
    /// <summary>Creates what the ledger needs ahead of <paramref name="now"/> (PostgreSQL: this and next month's partitions).</summary>
    Task PrepareAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Drops raw events older than the month of <paramref name="cutoff"/> (whole partitions in PostgreSQL); rollups stay. Returns what was dropped, for the log.</summary>
    Task<int> DropRawBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}
