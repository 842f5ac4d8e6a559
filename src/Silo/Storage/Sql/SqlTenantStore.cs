using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Tenants over either database.</summary>
internal sealed class SqlTenantStore(SqlExecutor sql) : ITenantStore
{
    private const string Columns =
        "id, name, rpm, tpm, daily_cost_micros, monthly_cost_micros, monthly_tokens, disabled, created_at, default_tags, allowed_tag_keys, " +
        CachePolicyColumns.Names + ", kv_isolation, plan, billing, wallet_since, wallet_low_micros, weight, guaranteed_share, max_concurrent, external_overflow";

    private const string UpdateSql =
        $"""
        UPDATE tenants SET name = @name, rpm = @rpm, tpm = @tpm, daily_cost_micros = @daily,
            monthly_cost_micros = @monthly, monthly_tokens = @monthly_tokens, disabled = @disabled,
            default_tags = @default_tags, allowed_tag_keys = @allowed_tag_keys, {CachePolicyColumns.Assignments},
            kv_isolation = @kv_isolation,
            plan = @plan, billing = @billing, wallet_since = @wallet_since, wallet_low_micros = @wallet_low_micros,
            weight = @weight, guaranteed_share = @guaranteed_share, max_concurrent = @max_concurrent,
            external_overflow = @external_overflow
        WHERE id = @id
        """;

    public Task CreateAsync(TenantRecord tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return sql.InTransactionAsync(async (connection, transaction) =>
        {
            await using (var insert = SqlExecutor.Command(connection, transaction,
                $"INSERT INTO tenants ({Columns}) VALUES (@id, @name, @rpm, @tpm, @daily, @monthly, @monthly_tokens, @disabled, @created_at, @default_tags, @allowed_tag_keys, {CachePolicyColumns.Parameters}, @kv_isolation, @plan, @billing, @wallet_since, @wallet_low_micros, @weight, @guaranteed_share, @max_concurrent, @external_overflow)"))
            {
                Bind(insert, tenant);
                await insert.ExecuteNonQueryAsync(ct);
            }

            if (tenant.Billing?.Plan is { } plan)
            {
                await PlanPeriodRows.InsertAsync(connection, transaction, sql.Dialect, tenant.Id, new PlanPeriod(tenant.CreatedAt, plan), ct);
            }

            return true;
        }, "tenant", ct);
    }

    public Task<TenantRecord?> GetAsync(Guid id, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM tenants WHERE id = @id",
            c => SqlDialect.Add(c, "id", sql.Dialect.GuidValue(id)),
            Read,
            ct);

    public Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken ct) =>
        sql.QueryAsync($"SELECT {Columns} FROM tenants ORDER BY name", SqlExecutor.NoParameters, Read, ct);

    public Task<bool> UpdateAsync(TenantRecord tenant, PlanPeriod? planFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return sql.InTransactionAsync(async (connection, transaction) =>
        {
            await using (var update = SqlExecutor.Command(connection, transaction, UpdateSql))
            {
                Bind(update, tenant);
                if (await update.ExecuteNonQueryAsync(ct) == 0)
                {
                    return false;
                }
            }

            if (planFrom is not null)
            {
                await PlanPeriodRows.InsertAsync(connection, transaction, sql.Dialect, tenant.Id, planFrom, ct);
            }

            return true;
        }, "tenant", ct);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await sql.ExecuteAsync(
            "DELETE FROM tenants WHERE id = @id",
            c => SqlDialect.Add(c, "id", sql.Dialect.GuidValue(id)),
            "tenant",
            ct) > 0;

    private void Bind(DbCommand command, TenantRecord tenant)
    {
        SqlDialect.Add(command, "id", sql.Dialect.GuidValue(tenant.Id));
        SqlDialect.Add(command, "name", tenant.Name);
        LimitColumns.Bind(command, tenant.Limits);
        SqlDialect.Add(command, "disabled", tenant.Disabled);
        SqlDialect.Add(command, "created_at", sql.Dialect.TimeValue(tenant.CreatedAt));
        TagPolicyColumns.Bind(sql.Dialect, command, tenant.Tags);
        CachePolicyColumns.Bind(command, tenant.Cache);
        SqlDialect.Add(command, "kv_isolation", tenant.KvIsolation);
        BillingColumns.Bind(sql.Dialect, command, tenant.Billing);
        var share = tenant.ShareOrDefault;
        SqlDialect.Add(command, "weight", share.Weight);
        SqlDialect.Add(command, "guaranteed_share", share.GuaranteedShare);
        SqlDialect.Add(command, "external_overflow", EnumText.ToText(tenant.ExternalOverflow));
    }

    private TenantRecord Read(DbDataReader reader) => new(
        sql.Dialect.ReadGuid(reader, 0),
        reader.GetString(1),
        LimitColumns.Read(reader, 2, 22),
        reader.GetBoolean(7),
        sql.Dialect.ReadTime(reader, 8),
        TagPolicyColumns.Read(sql.Dialect, reader, 9),
        CachePolicyColumns.Read(reader, 11),
        reader.GetBoolean(15),
        BillingColumns.Read(sql.Dialect, reader, 16),
        ReadShare(reader, 20),
        EnumText.Parse<ExternalOverflow>(reader.GetString(23)));

    // The default share is stored as weight 1 and no guarantee, and read back as none (the default).
    private static FairShare? ReadShare(DbDataReader reader, int first)
    {
        var share = new FairShare(reader.GetInt32(first), reader.IsDBNull(first + 1) ? null : reader.GetDouble(first + 1));
        return share == FairShare.Default ? null : share;
    }
}
