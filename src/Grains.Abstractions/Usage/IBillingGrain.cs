namespace GatoLink.Grains.Abstractions.Usage;

/// <summary>
/// One shard of the usage stream's consumer (key: the stream key, <c>shard-N</c>). It subscribes implicitly to its
/// stream, writes each batch to the ledger in one statement (idempotent by event id), and acknowledges the batch to
/// the silo whose spool holds it.
/// </summary>
[Alias("gatolink.billing-grain")]
public interface IBillingGrain : IGrainWithStringKey
{
    /// <summary>Writes a batch to the ledger and acknowledges it; what the stream does on each item (also callable directly).</summary>
    [Alias("Bill")]
    Task<int> Bill(UsageBatch batch);
}
