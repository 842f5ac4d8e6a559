namespace GatoLink.Grains.Quotas;

/// <summary>A silo asks the central store for a slice of a quota.</summary>
/// <param name="Quota">Which quota.</param>
/// <param name="Wanted">Units the silo would like (from its recent rate); the store grants at most the fair share.</param>
/// <param name="SiloId">The asking silo.</param>
/// <param name="LiveSilos">Silos alive in the cluster now (≥ 1), for the fair share.</param>
/// <param name="Duration">How long the slice may be held before it must be returned or renewed.</param>
/// <param name="Definition">The quota's limit and kind; a store creates the row from it, and applies a changed limit.
/// Null: the row must already exist (tests that set rows by hand).</param>
/// <param name="Held">Units the silo still holds from earlier grants (a bucket's central level is capped so that
/// central + every silo's slice never exceeds the capacity).</param>
public sealed record LeaseRequest(
    QuotaId Quota,
    long Wanted,
    string SiloId,
    int LiveSilos,
    TimeSpan Duration,
    QuotaDefinition? Definition = null,
    long Held = 0);
