using GatoLink.Grains.Billing;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// State rebuilt from the ledger when its grain activates (<see cref="LedgerSeed"/>): a key's or tenant's budgets and
/// rate buckets, a tenant's wallet. The seed counts usage stamped before a moment; the state counts settlements from that moment on.
/// </summary>
public interface ILedgerSeeded
{
    /// <summary>Whether there is anything to seed (budgets, rate buckets, a wallet).</summary>
    bool HasLedgerState { get; }

    /// <summary>Reads what the ledger holds before <paramref name="before"/> for this state.</summary>
    Task<SpentTotals> ReadLedgerAsync(ILedgerBalances ledger, Guid tenantId, Guid? keyId, DateTimeOffset before, CancellationToken ct);

    /// <summary>Counts <paramref name="spent"/> (what the ledger gained since the last read) and counts settlements only from <paramref name="from"/>.</summary>
    void SeedAt(DateTimeOffset from, SpentTotals spent);
}
