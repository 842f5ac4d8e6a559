using GatoLink.Grains.Abstractions.Quotas;
using System.Globalization;

namespace GatoLink.Grains.Quotas;

/// <summary>Human names of limits, as they appear in refusal messages ("key daily cost budget").</summary>
public static class LimitNames
{
    /// <summary>"key requests per minute", "tenant monthly token budget", …</summary>
    public static string Describe(LimitScope scope, LimitKind kind)
    {
        var who = scope switch
        {
            LimitScope.Key => "key",
            LimitScope.Tenant => "tenant",
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
        };
        var what = kind switch
        {
            LimitKind.Requests => "requests per minute",
            LimitKind.Tokens => "tokens per minute",
            LimitKind.DailyCost => "daily cost budget",
            LimitKind.MonthlyCost => "monthly cost budget",
            LimitKind.MonthlyTokens => "monthly token budget",
            LimitKind.Concurrent => "concurrent requests",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{who} {what}");
    }

    /// <summary>The name the APIs give a limit: <c>requests_per_minute</c>, <c>daily_cost</c>, <c>monthly_tokens</c>, …</summary>
    public static string Of(LimitKind kind) => kind switch
    {
        LimitKind.Requests => "requests_per_minute",
        LimitKind.Tokens => "tokens_per_minute",
        LimitKind.DailyCost => "daily_cost",
        LimitKind.MonthlyCost => "monthly_cost",
        LimitKind.Concurrent => "concurrent_requests",
        _ => "monthly_tokens",
    };

    /// <summary>True for the per-minute buckets (429 rate_limit_exceeded); false for budgets (429 budget_exceeded).</summary>
    public static bool IsRateLimit(LimitKind kind) => kind is LimitKind.Requests or LimitKind.Tokens;

    /// <summary>True for the cap on requests running at once (429 concurrency_limit_exceeded).</summary>
    public static bool IsConcurrency(LimitKind kind) => kind is LimitKind.Concurrent;
}
