namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>Limits of a key or a tenant; null means unlimited.</summary>
/// <param name="RequestsPerMinute">Token bucket of requests.</param>
/// <param name="TokensPerMinute">Token bucket of prompt + completion tokens.</param>
/// <param name="DailyCostMicros">Cost budget per UTC day.</param>
/// <param name="MonthlyCostMicros">Cost budget per UTC month.</param>
/// <param name="MonthlyTokens">Token budget per UTC month.</param>
/// <param name="MaxConcurrent">Requests running at once, counted across the whole cluster.</param>
[GenerateSerializer]
[Alias("gatolink.limits")]
public sealed record Limits(
    int? RequestsPerMinute = null,
    long? TokensPerMinute = null,
    long? DailyCostMicros = null,
    long? MonthlyCostMicros = null,
    long? MonthlyTokens = null,
    int? MaxConcurrent = null)
{
    /// <summary>No limit at all.</summary>
    public static Limits None { get; } = new();

    /// <summary>Whether any limit is set.</summary>
    public bool Any => RequestsPerMinute is not null || TokensPerMinute is not null || DailyCostMicros is not null
        || MonthlyCostMicros is not null || MonthlyTokens is not null || MaxConcurrent is not null;
}
