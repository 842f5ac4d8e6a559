namespace GatoLink.Silo.Ledger;

/// <summary>What a read of the spool gave: the events in order, and how many damaged rows it moved to quarantine.</summary>
public sealed record SpoolRead(IReadOnlyList<SpooledEvent> Events, int Quarantined);
