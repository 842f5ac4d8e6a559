using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GatoLink.Gateway.Auth;

/// <summary>
/// Counts failed authentications per client address (System.Threading.RateLimiting's partitioned token bucket, one
/// bucket per address, idle ones dropped by the limiter) and tells when an address has spent its failures.
/// </summary>
public sealed class FailedAuthLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;
    private readonly TimeSpan _oneFailureBack;

    /// <summary>Creates the limiter from its options.</summary>
    public FailedAuthLimiter(IOptions<FailedAuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _oneFailureBack = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, settings.Window.Ticks / settings.PermitLimit));
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.PermitLimit,
            TokensPerPeriod = settings.PermitLimit,
            ReplenishmentPeriod = settings.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>The wait before <paramref name="address"/> may fail again, or null while it has a whole failure left.</summary>
    public TimeSpan? Blocked(IPAddress address)
    {
        // Read the count rather than asking for zero permits: a partitioned bucket refills continuously, and a zero
        // request succeeds on any fraction of a token. The wait is the time one token takes to come back.
        var left = _limiter.GetStatistics(address)?.CurrentAvailablePermits ?? 1;
        return left >= 1 ? null : _oneFailureBack;
    }

    /// <summary>Spends one of <paramref name="address"/>'s failures.</summary>
    public void Failed(IPAddress address)
    {
        using var lease = _limiter.AttemptAcquire(address, 1);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
