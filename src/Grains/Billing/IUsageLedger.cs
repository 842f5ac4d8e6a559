using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Grains.Billing;

/// <summary>The ledger's write side as the billing grain sees it.</summary>
public interface IUsageLedger
{
    /// <summary>
    /// Writes a batch in one transaction and adds the rows actually inserted to the daily rollups in the same
    /// transaction. Returns those inserted rows; events already in the ledger (a redelivery, a replay) are skipped
    /// and counted nowhere.
    /// </summary>
    Task<IReadOnlyList<UsageEvent>> WriteAsync(IReadOnlyList<UsageEvent> batch, CancellationToken ct);
}
