using Orleans.Concurrency;

namespace GatoLink.Grains.Abstractions.Usage;

/// <summary>A silo's spool, told by the billing grain which of its runs the ledger now holds.</summary>
[Alias("gatolink.usage-ack-observer")]
public interface IUsageAckObserver : IGrainObserver
{
    /// <summary>
    /// The ledger holds spool sequence numbers <paramref name="firstSequence"/> through <paramref name="lastSequence"/>.
    /// One-way: a billing grain never waits on a silo that may be gone.
    /// </summary>
    [OneWay]
    [Alias("Billed")]
    Task Billed(long firstSequence, long lastSequence);
}
