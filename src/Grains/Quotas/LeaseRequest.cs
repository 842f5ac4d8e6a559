namespace GatoLink.Grains.Quotas;

/// <summary>A silo asks the central store for a slice of a quota.</summary>
/// <param name="Quota">Which quota.</param>
/// <param name="Wanted">Units the silo would like (from its recent rate); the store grants at most the fair share.</param>
/// <param name="SiloId">The asking silo.</param>
/// <param name="LiveSilos">Silos alive in the cluster now (≥ 1), for the fair share.</param>
/// <param name="Duration">How long the slice may be held before it must be returned or renewed.</param>
public sealed record LeaseRequest(QuotaId Quota, long Wanted, string SiloId, int LiveSilos, TimeSpan Duration);
