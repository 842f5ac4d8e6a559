namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>Limits of a key or a tenant; null means unlimited.</summary>
/// <param name="RequestsPerMinute">Token bucket of requests.</param>
/// <param name="TokensPerMinute">Token bucket of prompt + completion tokens.</param>
/// <param name="DailyCostMicros">Cost budget per UTC day.</param>
/// <param name="MonthlyCostMicros">Cost budget per UTC month.</param>
/// <param name="MonthlyTokens">Token budget per UTC month.</param>
public sealed record Limits(
    int? RequestsPerMinute = null,
    long? TokensPerMinute = null,
    long? DailyCostMicros = null,
    long? MonthlyCostMicros = null,
    long? MonthlyTokens = null)
{
    /// <summary>No limit at all.</summary>
    public static Limits None { get; } = new();
}
