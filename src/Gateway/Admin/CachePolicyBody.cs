using GatoLink.Grains.Abstractions.Cache;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// The <c>cache</c> object of a tenant or key, as the admin API reads and shows it:
/// <c>{"mode": "off|exact|semantic", "ttl_seconds": 3600, "similarity": 0.9, "random": false}</c>.
/// </summary>
/// <param name="Mode">Off, exact or semantic; required when the object is sent.</param>
/// <param name="TtlSeconds">How long an answer stays cached (1 s to 30 days); default one hour.</param>
/// <param name="Similarity">Cosine similarity a semantic hit needs, above 0 and at most 1; default 0.9.</param>
/// <param name="Random">Whether sampled outputs (temperature above 0 without a seed) are cached too; default false.</param>
public sealed record CachePolicyBody(CacheMode? Mode, int? TtlSeconds, double? Similarity, bool? Random)
{
    /// <summary>Shows a policy; null when there is none.</summary>
    public static CachePolicyBody? From(CachePolicy? policy) =>
        policy is null ? null : new(policy.Mode, policy.TtlSeconds, policy.Similarity, policy.CacheRandom);

    /// <summary>The first rule the object breaks, naming <c>cache.*</c>.</summary>
    public Validation.FieldError? Validate() =>
        Mode is null || !Enum.IsDefined(Mode.Value) ? new("cache.mode", "'cache.mode' must be one of: off, exact, semantic.")
        : TtlSeconds is { } ttl && (ttl < 1 || ttl > CachePolicy.MaxTtlSeconds) ? new("cache.ttl_seconds", $"'cache.ttl_seconds' must be between 1 and {CachePolicy.MaxTtlSeconds}.")
        : Similarity is { } s && (double.IsNaN(s) || s <= 0 || s > 1) ? new("cache.similarity", "'cache.similarity' must be above 0 and at most 1.")
        : null;

    /// <summary>The policy (defaults for what is absent); call after <see cref="Validate"/>.</summary>
    public CachePolicy ToPolicy() => new(
        Mode ?? CacheMode.Off,
        TtlSeconds ?? CachePolicy.DefaultTtlSeconds,
        Similarity ?? CachePolicy.DefaultSimilarity,
        Random ?? false);
}
