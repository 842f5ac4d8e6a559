using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Billing;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// Keeps a secondary in-memory sink (the <c>RecentUsageSink</c> the data-plane tests and debugging read) fed with
/// every published event once the BillingGrain has taken its place as the <see cref="IUsageSink"/>.
/// </summary>
public sealed class SinkForwardingObserver : IUsageObserver
{
    private readonly IUsageSink _sink;

    /// <summary>Forwards to <paramref name="sink"/>.</summary>
    public SinkForwardingObserver(IUsageSink sink) => _sink = sink;

    /// <inheritdoc />
    public void OnPublished(UsageEvent usage) => _sink.Publish(usage);

    /// <inheritdoc />
    public void OnWritten(IReadOnlyList<UsageEvent> inserted)
    {
    }
}
