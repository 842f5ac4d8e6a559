using System.Data.Common;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// A tenant's plan period row (which plan from when), written only inside the transaction that writes the tenant's
/// plan, so that a tenant never changes plan without the period its invoices prorate by, nor the other way round.
/// </summary>
internal static class PlanPeriodRows
{
    /// <summary>Records that the tenant is on <paramref name="period"/>'s plan from its start, in <paramref name="transaction"/>.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, Guid tenantId, PlanPeriod period, CancellationToken ct)
    {
        await using var command = SqlExecutor.Command(connection, transaction,
            "INSERT INTO tenant_plan_periods (tenant_id, starts_at, plan) VALUES (@tenant, @at, @plan) ON CONFLICT (tenant_id, starts_at) DO UPDATE SET plan = @plan");
        SqlDialect.Add(command, "tenant", dialect.GuidValue(tenantId));
        SqlDialect.Add(command, "at", dialect.TimeValue(period.StartsAt));
        SqlDialect.Add(command, "plan", period.Plan);
        await command.ExecuteNonQueryAsync(ct);
    }
}
