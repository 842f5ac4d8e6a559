using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.Grains.Quotas;

/// <summary>Why a request was refused.</summary>
/// <param name="Scope">Key or tenant.</param>
/// <param name="Kind">Which limit.</param>
/// <param name="RetryAfter">When trying again can succeed (the bucket refills / the budget resets).</param>
/// <param name="Message">Names the limit, e.g. "key daily cost budget".</param>
public sealed record LimitRefusal(LimitScope Scope, LimitKind Kind, TimeSpan RetryAfter, string Message)
{
    /// <summary>The error code of a refusal by the cap on requests running at once.</summary>
    public const string ConcurrencyCode = "concurrency_limit_exceeded";

    /// <summary>A per-minute bucket (rate_limit_exceeded) rather than a budget (budget_exceeded).</summary>
    public bool IsRateLimit => LimitNames.IsRateLimit(Kind);

    /// <summary>Retry-After in whole seconds, rounded up, at least 1.</summary>
    public int RetryAfterSeconds => RetryAfter >= TimeSpan.FromSeconds(int.MaxValue)
        ? int.MaxValue
        : Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>The 429 to send.</summary>
    public GatoError ToError() => LimitNames.IsConcurrency(Kind)
        ? new GatoError(ErrorKind.RateLimited, Message, ConcurrencyCode, RetryAfterSeconds: RetryAfterSeconds)
        : IsRateLimit
        ? new GatoError(ErrorKind.RateLimited, Message, "rate_limit_exceeded", RetryAfterSeconds: RetryAfterSeconds)
        : new GatoError(ErrorKind.BudgetExceeded, Message, "budget_exceeded", RetryAfterSeconds: RetryAfterSeconds);
}
