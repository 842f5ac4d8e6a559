namespace GatoLink.Grains.Billing;

/// <summary>
/// This silo's view of how far the ledger is complete across the cluster: every usage event recorded (on any live
/// silo) before <see cref="BilledBefore"/> is in the ledger. Null while not known.
/// </summary>
public interface ILedgerWatermark
{
    /// <summary>The cluster's mark, as last heard from the <c>IUsageWatermarkGrain</c>; null while not known.</summary>
    DateTimeOffset? BilledBefore { get; }
}
