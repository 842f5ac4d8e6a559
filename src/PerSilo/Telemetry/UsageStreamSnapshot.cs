namespace GatoLink.PerSilo.Telemetry;

/// <summary>The usage stream as one silo sees it, read at scrape time.</summary>
/// <param name="SpoolDepth">Usage events durable in this silo's spool and not yet acknowledged by the ledger.</param>
/// <param name="Lag">Age of the oldest of those events (zero when the spool is empty).</param>
public readonly record struct UsageStreamSnapshot(long SpoolDepth, TimeSpan Lag);
