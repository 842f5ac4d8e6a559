namespace GatoLink.Grains.Abstractions.Billing;

/// <summary>
/// How far the ledger is complete across the cluster (key 0). Every silo reports, a few times a second, the time
/// before which all usage it recorded is in the ledger (its oldest event not yet acknowledged by the billing grain);
/// the answer is the least of those over every silo that is not dead. A key or tenant grain activated at time T
/// rebuilds its budgets from the ledger once that answer has passed T, so that no usage recorded before T is missing.
/// </summary>
[Alias("gatolink.usage-watermark-grain")]
public interface IUsageWatermarkGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Records <paramref name="silo"/>'s mark and returns the cluster's: null while a silo that is not dead has not
    /// reported to this activation yet.
    /// </summary>
    [Alias("Report")]
    Task<DateTimeOffset?> Report(SiloAddress silo, DateTimeOffset billedBefore);
}
