using System.Globalization;
using GatoLink.Grains.Abstractions.Alerts;
using GatoLink.Grains.Abstractions.Quotas;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Alert rules over either database; thresholds as comma-separated text.</summary>
internal sealed class SqlAlertRuleStore(SqlExecutor sql) : IAlertRuleStore
{
    public Task<AlertRules?> GetAsync(LimitScope scope, Guid id, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            "SELECT thresholds, anomaly_factor FROM alert_rules WHERE scope = @scope AND scope_id = @id",
            c =>
            {
                SqlDialect.Add(c, "scope", ScopeText(scope));
                SqlDialect.Add(c, "id", sql.Dialect.GuidValue(id));
            },
            r => new AlertRules(
                r.GetString(0).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList(),
                r.IsDBNull(1) ? null : r.GetDouble(1)),
            ct);

    public Task PutAsync(LimitScope scope, Guid id, AlertRules rules, DateTimeOffset at, CancellationToken ct) =>
        sql.ExecuteAsync(
            """
            INSERT INTO alert_rules (scope, scope_id, thresholds, anomaly_factor, updated_at) VALUES (@scope, @id, @thresholds, @factor, @at)
            ON CONFLICT (scope, scope_id) DO UPDATE SET thresholds = excluded.thresholds, anomaly_factor = excluded.anomaly_factor,
                updated_at = excluded.updated_at
            """,
            c =>
            {
                SqlDialect.Add(c, "scope", ScopeText(scope));
                SqlDialect.Add(c, "id", sql.Dialect.GuidValue(id));
                SqlDialect.Add(c, "thresholds", string.Join(',', rules.Thresholds.Select(t => t.ToString(CultureInfo.InvariantCulture))));
                SqlDialect.Add(c, "factor", rules.AnomalyFactor);
                SqlDialect.Add(c, "at", sql.Dialect.TimeValue(at));
            },
            "alert rule",
            ct);

    private static string ScopeText(LimitScope scope) => scope == LimitScope.Key ? "key" : "tenant";
}
