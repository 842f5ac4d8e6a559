namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>Which limit of a scope.</summary>
public enum LimitKind
{
    /// <summary>Requests per minute (token bucket).</summary>
    Requests,
    /// <summary>Prompt + completion tokens per minute (token bucket).</summary>
    Tokens,
    /// <summary>Cost per UTC day, micro-dollars.</summary>
    DailyCost,
    /// <summary>Cost per UTC month, micro-dollars.</summary>
    MonthlyCost,
    /// <summary>Prompt + completion tokens per UTC month.</summary>
    MonthlyTokens,
    /// <summary>Requests running at once.</summary>
    Concurrent,
}
