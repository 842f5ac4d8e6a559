namespace GatoLink.Grains.Abstractions.Usage;

/// <summary>
/// One item of the usage stream: a run of consecutive events of one silo's spool. The stream delivers it at least
/// once; the ledger is idempotent by event id, so a repeat counts nothing twice.
/// </summary>
/// <param name="SiloId">The silo whose spool holds the events.</param>
/// <param name="FirstSequence">Spool sequence number of the first event.</param>
/// <param name="LastSequence">Spool sequence number of the last event (the run is contiguous in the spool).</param>
/// <param name="Events">The events, in spool order.</param>
/// <param name="AckTo">
/// Told once the ledger holds every event, so that the silo's spool forgets them; null when nobody waits (a replay
/// tool). A silo that died meanwhile misses the acknowledgement and replays the run on its next start.
/// </param>
[GenerateSerializer]
[Alias("gatolink.usage-batch")]
public sealed record UsageBatch(string SiloId, long FirstSequence, long LastSequence, IReadOnlyList<UsageEvent> Events, IUsageAckObserver? AckTo);
