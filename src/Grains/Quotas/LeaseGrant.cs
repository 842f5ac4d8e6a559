namespace GatoLink.Grains.Quotas;

/// <summary>What the store granted, atomically taken from the central remaining.</summary>
/// <param name="Granted">Units now held by the silo (0 when nothing remains).</param>
/// <param name="CentralRemaining">What the central row holds after the grant.</param>
/// <param name="PeriodEnd">When the quota's window ends (a budget's resets_at).</param>
/// <param name="ExpiresAt">When the silo's lease expires unless renewed.</param>
/// <param name="Version">The store's version of this silo's lease row after the grant (0: the store keeps none); a report
/// of what the silo still holds names it, so that a report racing a newer grant is ignored.</param>
public sealed record LeaseGrant(long Granted, long CentralRemaining, DateTimeOffset PeriodEnd, DateTimeOffset ExpiresAt, long Version = 0);
