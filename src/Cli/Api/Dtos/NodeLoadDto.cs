namespace GatoLink.Cli.Api.Dtos;

/// <summary>A node's last scraped load; <see cref="KvCacheUsage"/> is a fraction (0–1).</summary>
public sealed record NodeLoadDto(
    string State,
    double? AgeMs,
    double? Waiting,
    double? Running,
    double? KvCacheUsage,
    long? KvCapacityTokens,
    double? PrefixCacheHitRate,
    int ScrapeFailures,
    bool Saturated);
