namespace GatoLink.Silo.Cluster;

/// <summary>What <see cref="LimiterHandOff"/> did.</summary>
/// <param name="HandedOff">Activations that saved their counters for an activation on another silo.</param>
/// <param name="Failed">
/// Activations that did not within the time allowed (no other active silo, the call failed, the migration target
/// could not be placed): their next activation re-reads the ledger.
/// </param>
public readonly record struct HandOffOutcome(int HandedOff, int Failed);
