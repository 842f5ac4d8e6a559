using System.Data.Common;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Plans over either database; a change is written only over the version it was made from.</summary>
internal sealed class SqlPlanStore(SqlExecutor sql) : IPlanStore
{
    private const string Columns =
        "name, version, monthly_fee_micros, included_micros, rpm, tpm, daily_cost_micros, monthly_cost_micros, monthly_tokens, overage, billing, updated_at, model_prices, included_tokens";

    public Task CreateAsync(PlanRecord plan, CancellationToken ct) =>
        sql.ExecuteAsync(
            $"INSERT INTO plans ({Columns}) VALUES (@name, @version, @fee, @included, @rpm, @tpm, @daily, @monthly, @monthly_tokens, @overage, @billing, @at, @model_prices, @included_tokens)",
            c => Bind(c, plan),
            "plan",
            ct);

    public Task<PlanRecord?> GetAsync(string name, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync($"SELECT {Columns} FROM plans WHERE name = @name", c => SqlDialect.Add(c, "name", name), Read, ct);

    public Task<IReadOnlyList<PlanRecord>> ListAsync(CancellationToken ct) =>
        sql.QueryAsync($"SELECT {Columns} FROM plans ORDER BY name", SqlExecutor.NoParameters, Read, ct);

    public async Task<bool> UpdateAsync(PlanRecord plan, CancellationToken ct) =>
        await sql.ExecuteAsync(
            """
            UPDATE plans SET version = @version, monthly_fee_micros = @fee, included_micros = @included, rpm = @rpm, tpm = @tpm,
                daily_cost_micros = @daily, monthly_cost_micros = @monthly, monthly_tokens = @monthly_tokens, overage = @overage,
                billing = @billing, updated_at = @at, model_prices = @model_prices, included_tokens = @included_tokens
            WHERE name = @name AND version = @version - 1
            """,
            c => Bind(c, plan),
            "plan",
            ct) > 0;

    public Task<IReadOnlyList<PlanPeriod>> PeriodsAsync(Guid tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        sql.QueryAsync(
            """
            SELECT starts_at, plan FROM tenant_plan_periods
            WHERE tenant_id = @tenant AND starts_at < @to
              AND starts_at >= COALESCE((SELECT MAX(starts_at) FROM tenant_plan_periods WHERE tenant_id = @tenant AND starts_at <= @from), @from)
            ORDER BY starts_at
            """,
            c =>
            {
                SqlDialect.Add(c, "tenant", sql.Dialect.GuidValue(tenantId));
                SqlDialect.Add(c, "from", sql.Dialect.TimeValue(from));
                SqlDialect.Add(c, "to", sql.Dialect.TimeValue(to));
            },
            r => new PlanPeriod(sql.Dialect.ReadTime(r, 0), r.IsDBNull(1) ? null : r.GetString(1)),
            ct);

    private void Bind(DbCommand command, PlanRecord plan)
    {
        SqlDialect.Add(command, "name", plan.Name);
        SqlDialect.Add(command, "version", plan.Version);
        SqlDialect.Add(command, "fee", plan.MonthlyFeeMicros);
        SqlDialect.Add(command, "included", plan.IncludedMicros);
        LimitColumns.Bind(command, plan.Limits);
        SqlDialect.Add(command, "overage", BillingColumns.ToText(plan.Overage));
        SqlDialect.Add(command, "billing", BillingColumns.ToText(plan.Billing));
        SqlDialect.Add(command, "at", sql.Dialect.TimeValue(plan.UpdatedAt));
        SqlDialect.Add(command, "model_prices", plan.ModelPrices is { Length: > 0 } prices ? JsonSerializer.Serialize(prices, StorageJsonContext.Default.PlanModelPriceArray) : null);
        SqlDialect.Add(command, "included_tokens", plan.IncludedTokens);
    }

    private PlanRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        LimitColumns.Read(reader, 4),
        BillingColumns.OverageOf(reader.GetString(9)),
        BillingColumns.ModeOf(reader.GetString(10)),
        sql.Dialect.ReadTime(reader, 11),
        reader.IsDBNull(12) ? null : JsonSerializer.Deserialize(reader.GetString(12), StorageJsonContext.Default.PlanModelPriceArray),
        reader.IsDBNull(13) ? null : reader.GetInt64(13));
}
