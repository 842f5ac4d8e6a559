namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>From <paramref name="StartsAt"/> until the next period, the tenant was on <paramref name="Plan"/> (null: none).</summary>
/// <param name="StartsAt">When the assignment took effect.</param>
/// <param name="Plan">The plan's name, or null.</param>
public sealed record PlanPeriod(DateTimeOffset StartsAt, string? Plan);
