using System.ComponentModel.DataAnnotations;

namespace GatoLink.Gateway.Cache;

/// <summary>Response-cache settings (section <c>GatoLink:Cache</c>; the shared level's address is <c>GatoLink:Redis</c>).</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>StackExchange.Redis configuration of the shared level (<c>GatoLink:Redis</c>); null or empty: memory only.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The secret tenants' <c>cache_salt</c> values are derived from (HMAC); set the same on every silo of a cluster.
    /// Unset: derived from <c>GatoLink:AdminKey</c>, else random per process (isolation holds; affinity across silos is lost).
    /// </summary>
    public string? SaltKey { get; set; }

    /// <summary>After a failure of the shared level, how long it is left out before it is tried again.</summary>
    public TimeSpan SharedRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for one Redis call before it counts as a failure (the cache then fails open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan SharedTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest time an entry stays in a silo's memory level (the shared level keeps it for the policy's whole time to live).</summary>
    public TimeSpan LocalExpiration { get; set; } = TimeSpan.FromMinutes(5);
}
