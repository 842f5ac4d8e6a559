using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Grains.Billing;

/// <summary>Where every attempt's usage goes: the silo's durable spool, then the usage stream. Never drops.</summary>
public interface IUsageSink
{
    /// <summary>
    /// Hands an event over and completes once it is durable on this silo (in the local spool's write-ahead log), so a
    /// caller that awaits it before sending a response's last bytes never serves a request the ledger can lose.
    /// Events of concurrent requests share one commit (group commit); there is no fsync per event.
    /// </summary>
    ValueTask PublishAsync(UsageEvent usage, CancellationToken ct);
}
