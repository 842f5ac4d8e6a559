using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Grains.Quotas;

/// <summary>One budget of a <see cref="LimiterSnapshot"/>.</summary>
/// <param name="Kind">Which budget.</param>
/// <param name="Window">The window <paramref name="Used"/> counts in; a window that has ended by restore is dropped.</param>
/// <param name="Used">Reserved or spent in the window.</param>
[GenerateSerializer]
[Alias("gatolink.budget-snapshot")]
public sealed record BudgetSnapshot(LimitKind Kind, BudgetWindow Window, long Used);
