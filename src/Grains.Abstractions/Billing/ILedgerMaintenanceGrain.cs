namespace GatoLink.Grains.Abstractions.Billing;

/// <summary>
/// The ledger's housekeeping for the whole cluster (key 0): next months' partitions and retention, on an Orleans
/// reminder, so it runs once per cluster rather than once per silo.
/// </summary>
[Alias("gatolink.ledger-maintenance-grain")]
public interface ILedgerMaintenanceGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder (idempotent: every silo calls it at start) and runs the maintenance once now.</summary>
    Task Start();
}
