namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Implemented by whatever tracks budgets; <see cref="LimitInstruments"/> turns it into the
/// <c>gatolink.tenant.budget.utilization</c> gauge at scrape time. Tenants without a budget
/// are skipped. Must be cheap and must not block.
/// </summary>
public interface IBudgetMetricsSource
{
    /// <summary>Current budget use of every tenant that has a budget.</summary>
    IReadOnlyList<TenantBudgetSnapshot> GetBudgetSnapshots();
}
