using GatoLink.Gateway.Admin.Validation;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>PUT /admin/models/{name}/pricing</c>: token prices per million (required), the cache price in USD per
/// answer from the response cache (<c>cache_hit_usd</c>, default 0, whole micro-dollars) and when it starts.
/// </summary>
public sealed record PricingRequest(decimal? InputPerMillionUsd, decimal? OutputPerMillionUsd, DateTimeOffset? EffectiveFrom, decimal? CacheHitUsd = null)
    : IAdminRequest<PricingRequest>
{
    /// <summary>Highest cache price: a hit never costs more than a dollar.</summary>
    public const decimal MaxCacheHitUsd = 1m;

    /// <summary>How far ahead a price may be scheduled.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(3660);

    // A price may not start in the past: the ledger already holds events priced at the old one, and a backdated
    // price would make the history disagree with them. A few seconds cover clock skew between admin and silo.
    private static readonly TimeSpan PastTolerance = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (InputPerMillionUsd is null ? FieldRules.Required("input_per_million_usd") : null)
        ?? FieldRules.Range(InputPerMillionUsd, "input_per_million_usd", 0, FieldRules.MaxPricePerMillionUsd)
        ?? (OutputPerMillionUsd is null ? FieldRules.Required("output_per_million_usd") : null)
        ?? FieldRules.Range(OutputPerMillionUsd, "output_per_million_usd", 0, FieldRules.MaxPricePerMillionUsd)
        ?? FieldRules.Range(CacheHitUsd, "cache_hit_usd", 0, MaxCacheHitUsd)
        ?? (CacheHitUsd is { } hit && Money.ToMicros(hit) != hit * 1_000_000m
            ? new FieldError("cache_hit_usd", "'cache_hit_usd' must be a whole number of micro-dollars (at most 6 decimals).")
            : null)
        ?? (EffectiveFrom < now - PastTolerance
            ? new FieldError("effective_from", "'effective_from' cannot be in the past: events already billed keep their price.")
            : null)
        ?? (EffectiveFrom > now + MaxAhead ? new FieldError("effective_from", "'effective_from' must be within ten years.") : null);
}
