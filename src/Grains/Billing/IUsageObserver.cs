using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Grains.Billing;

/// <summary>
/// Something that settles from the usage stream (budgets, counters). Observers are called inline:
/// they must return at once and must not throw.
/// </summary>
public interface IUsageObserver
{
    /// <summary>Called on the publishing thread for every event, before it is queued (for fast settling).</summary>
    void OnPublished(UsageEvent usage);

    /// <summary>
    /// Called by the ledger writer after a batch commits, with only the events that were new to the ledger:
    /// a replayed or retried event never comes here twice. An event committed just before a crash is not repeated
    /// after the restart (the ledger already holds it), so exact settlement should read the ledger's rollups.
    /// </summary>
    void OnWritten(IReadOnlyList<UsageEvent> inserted);
}
