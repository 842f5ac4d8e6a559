namespace GatoLink.Grains.Quotas;

/// <summary>A silo gives back the unused part of its slice.</summary>
/// <param name="Quota">Which quota.</param>
/// <param name="SiloId">The returning silo.</param>
/// <param name="Amount">Units not used.</param>
/// <param name="PeriodEnd">The period the units were granted in; a store ignores returns into a later period
/// (the old period's units must not inflate the new one).</param>
public sealed record LeaseReturn(QuotaId Quota, string SiloId, long Amount, DateTimeOffset PeriodEnd);
