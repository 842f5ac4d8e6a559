using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Grains.Billing;

/// <summary>Where every attempt's usage goes: the LedgerWriter's queue. Never blocks, never drops.</summary>
public interface IUsageSink
{
    /// <summary>Hands an event over; returns at once (the sink spools when its queue is full).</summary>
    void Publish(UsageEvent usage);
}
