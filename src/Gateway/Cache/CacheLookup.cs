using GatoLink.Grains.Abstractions.Cache;

namespace GatoLink.Gateway.Cache;

/// <summary>The cache's answer for one request: its status, and the entry key to store a miss under or the answer of a hit.</summary>
/// <param name="Status">Hit, miss, bypass or off.</param>
/// <param name="Key">The entry's key (tenant-scoped) when the request is cacheable; null otherwise.</param>
/// <param name="Answer">The cached answer on a hit.</param>
/// <param name="Policy">The effective policy (for the time to live of a stored answer).</param>
/// <param name="Partition">The semantic partition, when the question was embedded (semantic policy, single turn).</param>
/// <param name="Vector">The question's embedding, indexed with a stored answer; null when none was made.</param>
public sealed record CacheLookup(CacheStatus Status, string? Key, CachedAnswer? Answer, CachePolicy Policy, string? Partition = null, float[]? Vector = null)
{
    /// <summary>The value of the <c>x-gatolink-cache</c> header.</summary>
    public string HeaderValue => Status switch
    {
        CacheStatus.Hit => "hit",
        CacheStatus.Miss => "miss",
        CacheStatus.Bypass => "bypass",
        _ => "off",
    };

    /// <summary>A request the cache does not touch.</summary>
    public static CacheLookup Off { get; } = new(CacheStatus.Off, null, null, CachePolicy.Off);

    /// <summary>Whether a normally finished answer to this request is stored.</summary>
    public bool Stores => Status == CacheStatus.Miss && Key is not null;
}
