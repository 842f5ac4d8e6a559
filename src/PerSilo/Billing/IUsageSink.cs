using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.PerSilo.Billing;

/// <summary>Where every attempt's usage goes: straight into the ledger, or the silo's durable spool and then the usage stream. Never drops.</summary>
public interface IUsageSink
{
    /// <summary>
    /// Hands an event over and completes once it is durable: written into the ledger (the cluster's database), or, when
    /// the ledger does not take it in time, in the silo's spool (its write-ahead log). A caller that awaits it before
    /// sending a response's last bytes never serves a request the ledger can lose. Events of concurrent requests share
    /// one write (group commit); there is no fsync per event.
    /// </summary>
    ValueTask PublishAsync(UsageEvent usage, CancellationToken ct);
}
