using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>Puts a batch on the usage stream (one stream item per batch).</summary>
public interface IUsageBatchPublisher
{
    /// <summary>The acknowledgement target to put in batches: this silo's spool, as the billing grain reaches it.</summary>
    IUsageAckObserver? AckTarget(IUsageAckObserver local);

    /// <summary>Publishes the batch; completes once the stream took it (PostgreSQL: the row is committed).</summary>
    Task PublishAsync(UsageBatch batch, CancellationToken ct);
}
