using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>The stored text of a <see cref="UsageStatus"/>.</summary>
public static class UsageStatusText
{
    /// <summary>Statuses that count as errors in analytics.</summary>
    public const string ErrorStatusesSql = "'upstream_error', 'timeout'";

    /// <summary>Text of a status.</summary>
    public static string ToText(UsageStatus value) => value switch
    {
        UsageStatus.Success => "success",
        UsageStatus.UpstreamError => "upstream_error",
        UsageStatus.Timeout => "timeout",
        UsageStatus.ClientDisconnect => "client_disconnect",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>Whether analytics count the status as an error (a client going away is not the service's error).</summary>
    public static bool IsError(UsageStatus value) => value is UsageStatus.UpstreamError or UsageStatus.Timeout;
}
