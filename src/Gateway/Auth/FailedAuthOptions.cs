using System.ComponentModel.DataAnnotations;

namespace GatoLink.Gateway.Auth;

/// <summary>
/// How many failed authentications a client address may make (section <c>GatoLink:Gateway:FailedAuth</c>): a token
/// bucket of <see cref="PermitLimit"/> failures, refilled every <see cref="Window"/>. Past it the address gets 429
/// for any key this silo does not already hold, without a storage lookup.
/// </summary>
public sealed class FailedAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Gateway:FailedAuth";

    /// <summary>Failures an address may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 60;

    /// <summary>The window the failures are counted over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
