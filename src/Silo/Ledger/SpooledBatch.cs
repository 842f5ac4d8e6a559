using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>The oldest spooled events, in spool order, and the sequence number of the last one (to delete them once written).</summary>
public sealed record SpooledBatch(IReadOnlyList<UsageEvent> Events, long LastSequence);
