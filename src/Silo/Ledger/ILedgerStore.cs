using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>The ledger's tables in one database: batched idempotent writes, rollup reads, retention.</summary>
public interface ILedgerStore : IUsageQueries
{
    /// <summary>
    /// Writes a batch in one transaction (PostgreSQL: one round trip) and adds the rows actually inserted to the
    /// daily rollups in the same transaction. Returns those inserted rows; events already in the ledger are skipped.
    /// </summary>
    Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct);

    /// <summary>Creates what the ledger needs ahead of <paramref name="now"/> (PostgreSQL: this and next month's partitions).</summary>
    Task PrepareAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Drops raw events older than the month of <paramref name="cutoff"/> (whole partitions in PostgreSQL); rollups stay. Returns what was dropped, for the log.</summary>
    Task<int> DropRawBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}
