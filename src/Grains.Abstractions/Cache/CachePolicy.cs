namespace GatoLink.Grains.Abstractions.Cache;

/// <summary>
/// The response-cache policy of a tenant or key. A key's policy narrows its tenant's (<see cref="Effective"/>): the
/// lower mode, the shorter time to live, the stricter similarity, random outputs only when both allow them.
/// </summary>
/// <param name="Mode">Off, exact or semantic.</param>
/// <param name="TtlSeconds">How long an answer stays cached.</param>
/// <param name="Similarity">Cosine similarity a semantic hit needs (0..1].</param>
/// <param name="CacheRandom">Whether sampled outputs (<c>temperature</c> above 0 without a <c>seed</c>) are cached too.</param>
[GenerateSerializer]
[Alias("gatolink.cache-policy")]
public sealed record CachePolicy(
    [property: Id(0)] CacheMode Mode,
    [property: Id(1)] int TtlSeconds = CachePolicy.DefaultTtlSeconds,
    [property: Id(2)] double Similarity = CachePolicy.DefaultSimilarity,
    [property: Id(3)] bool CacheRandom = false)
{
    /// <summary>Time to live when a policy names none: one hour.</summary>
    public const int DefaultTtlSeconds = 3600;

    /// <summary>Longest time to live: thirty days.</summary>
    public const int MaxTtlSeconds = 30 * 24 * 3600;

    /// <summary>Similarity a semantic hit needs when a policy names none.</summary>
    public const double DefaultSimilarity = 0.9;

    /// <summary>The cache switched off.</summary>
    public static CachePolicy Off { get; } = new(CacheMode.Off);

    /// <summary>The policy a key's request runs under: the tenant's, narrowed by the key's when it has one; off when neither has one.</summary>
    public static CachePolicy Effective(CachePolicy? tenant, CachePolicy? key)
    {
        if (tenant is null || tenant.Mode == CacheMode.Off)
        {
            // A key cannot widen its tenant's policy: without a tenant policy there is no cache.
            return Off;
        }

        if (key is null)
        {
            return tenant;
        }

        return new CachePolicy(
            (CacheMode)Math.Min((int)tenant.Mode, (int)key.Mode),
            Math.Min(tenant.TtlSeconds, key.TtlSeconds),
            Math.Max(tenant.Similarity, key.Similarity),
            tenant.CacheRandom && key.CacheRandom);
    }
}
