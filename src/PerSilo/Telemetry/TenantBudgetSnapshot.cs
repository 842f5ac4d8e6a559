namespace GatoLink.PerSilo.Telemetry;

/// <summary>One tenant's budget use, read at scrape time.</summary>
/// <param name="TenantId">Tenant id (capped into the <c>tenant</c> label).</param>
/// <param name="SpentMicros">Spent this period, micro-dollars.</param>
/// <param name="BudgetMicros">Budget this period, micro-dollars; 0 or less means none.</param>
public sealed record TenantBudgetSnapshot(string TenantId, long SpentMicros, long BudgetMicros);
