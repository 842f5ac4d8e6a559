using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>An event in the spool and its sequence number (the spool's order; acknowledgements name ranges of it).</summary>
public readonly record struct SpooledEvent(long Sequence, UsageEvent Event);
