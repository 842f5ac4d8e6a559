using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Silo.Ledger;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>A stream that takes the first <c>lose</c> batches, writes them, and never acknowledges them (it gave up on them).</summary>
internal sealed class LosingStream(StreamStandIn inner, int lose) : IUsageBatchPublisher
{
    private int _lost;

    public IUsageAckObserver? AckTarget(IUsageAckObserver local) => inner.AckTarget(local);

    public Task PublishAsync(UsageBatch batch, CancellationToken ct) =>
        Interlocked.Increment(ref _lost) <= lose
            ? inner.PublishAsync(batch with { AckTo = null }, ct)
            : inner.PublishAsync(batch, ct);
}
