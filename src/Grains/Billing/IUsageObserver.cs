using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Grains.Billing;

/// <summary>
/// Something that follows the usage stream (counters, tests). Observers are called inline: they must return at once
/// and must not throw.
/// </summary>
public interface IUsageObserver
{
    /// <summary>Called on the publishing silo for every event, once it is durable (in the ledger or the spool).</summary>
    void OnPublished(UsageEvent usage);

    /// <summary>
    /// Called after a batch commits, with only the events that were new to the ledger: by the publishing silo for what it
    /// wrote directly, by the billing grain (on whichever silo hosts it) for what came through the spool and the stream.
    /// A redelivered or replayed event never comes here twice.
    /// </summary>
    void OnWritten(IReadOnlyList<UsageEvent> inserted);
}
