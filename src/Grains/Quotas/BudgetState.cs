namespace GatoLink.Grains.Quotas;

/// <summary>A budget at one instant.</summary>
/// <param name="Limit">The budget of the window.</param>
/// <param name="Used">Reserved or spent in the window (may exceed the limit by actual usage above estimates).</param>
/// <param name="Window">The current window; <see cref="BudgetWindow.End"/> is <c>resets_at</c>.</param>
public readonly record struct BudgetState(long Limit, long Used, BudgetWindow Window)
{
    /// <summary>What is left, never below zero.</summary>
    public long Remaining => Math.Max(0, Limit - Used);
}
