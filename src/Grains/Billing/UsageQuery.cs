namespace GatoLink.Grains.Billing;

/// <summary>A usage analytics question: whole UTC days from <paramref name="From"/> to <paramref name="To"/>, both included.</summary>
/// <param name="From">First UTC day.</param>
/// <param name="To">Last UTC day (included).</param>
/// <param name="GroupBy">Row grouping.</param>
/// <param name="TenantId">Only this tenant; null for all.</param>
/// <param name="ApiKeyId">Only this key; null for all.</param>
public sealed record UsageQuery(DateOnly From, DateOnly To, UsageGrouping GroupBy, Guid? TenantId, Guid? ApiKeyId);
