using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>API keys over either database.</summary>
internal sealed class SqlApiKeyStore(SqlExecutor sql) : IApiKeyStore
{
    private const string Columns =
        "id, tenant_id, name, prefix, secret_hash, role, status, expires_at, " +
        "rpm, tpm, daily_cost_micros, monthly_cost_micros, monthly_tokens, allowed_models, created_at, " +
        "default_tags, allowed_tag_keys, " + CachePolicyColumns.Names + ", priority, max_concurrent";

    public Task CreateAsync(ApiKeyRecord key, CancellationToken ct) =>
        sql.ExecuteAsync(
            $"""
            INSERT INTO api_keys ({Columns})
            VALUES (@id, @tenant_id, @name, @prefix, @secret_hash, @role, @status, @expires_at,
                @rpm, @tpm, @daily, @monthly, @monthly_tokens, @allowed_models, @created_at,
                @default_tags, @allowed_tag_keys, {CachePolicyColumns.Parameters}, @priority, @max_concurrent)
            """,
            c => Bind(c, key),
            "api key",
            ct);

    public Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM api_keys WHERE id = @id",
            c => SqlDialect.Add(c, "id", sql.Dialect.GuidValue(id)),
            Read,
            ct);

    public Task<ApiKeyRecord?> FindByHashAsync(byte[] secretHash, CancellationToken ct) =>
        sql.QuerySingleOrDefaultAsync(
            $"SELECT {Columns} FROM api_keys WHERE secret_hash = @secret_hash",
            c => SqlDialect.Add(c, "secret_hash", secretHash),
            Read,
            ct);

    public Task<IReadOnlyList<ApiKeyRecord>> ListByTenantAsync(Guid tenantId, CancellationToken ct) =>
        sql.QueryAsync(
            $"SELECT {Columns} FROM api_keys WHERE tenant_id = @tenant_id ORDER BY created_at, id",
            c => SqlDialect.Add(c, "tenant_id", sql.Dialect.GuidValue(tenantId)),
            Read,
            ct);

    public Task<IReadOnlyList<ApiKeyRecord>> ListAllAsync(CancellationToken ct) =>
        sql.QueryAsync($"SELECT {Columns} FROM api_keys ORDER BY created_at, id", SqlExecutor.NoParameters, Read, ct);

    public async Task<bool> UpdateAsync(ApiKeyRecord key, CancellationToken ct) =>
        await sql.ExecuteAsync(
            $"""
            UPDATE api_keys SET name = @name, prefix = @prefix, secret_hash = @secret_hash, role = @role,
                status = @status, expires_at = @expires_at, rpm = @rpm, tpm = @tpm, daily_cost_micros = @daily,
                monthly_cost_micros = @monthly, monthly_tokens = @monthly_tokens, allowed_models = @allowed_models,
                default_tags = @default_tags, allowed_tag_keys = @allowed_tag_keys, {CachePolicyColumns.Assignments},
                priority = @priority, max_concurrent = @max_concurrent
            WHERE id = @id
            """,
            c => Bind(c, key),
            "api key",
            ct) > 0;

    private void Bind(DbCommand command, ApiKeyRecord key)
    {
        var dialect = sql.Dialect;
        SqlDialect.Add(command, "id", dialect.GuidValue(key.Id));
        SqlDialect.Add(command, "tenant_id", dialect.GuidValue(key.TenantId));
        SqlDialect.Add(command, "name", key.Name);
        SqlDialect.Add(command, "prefix", key.Prefix);
        SqlDialect.Add(command, "secret_hash", key.SecretHash);
        SqlDialect.Add(command, "role", EnumText.ToText(key.Role));
        SqlDialect.Add(command, "status", EnumText.ToText(key.Status));
        SqlDialect.Add(command, "expires_at", key.ExpiresAt is { } expires ? dialect.TimeValue(expires) : null);
        LimitColumns.Bind(command, key.Limits);
        dialect.AddList(command, "allowed_models", key.AllowedModels);
        SqlDialect.Add(command, "created_at", dialect.TimeValue(key.CreatedAt));
        TagPolicyColumns.Bind(dialect, command, key.Tags);
        CachePolicyColumns.Bind(command, key.Cache);
        SqlDialect.Add(command, "priority", EnumText.ToText(key.Priority));
    }

    private ApiKeyRecord Read(DbDataReader reader)
    {
        var dialect = sql.Dialect;
        return new ApiKeyRecord(
            dialect.ReadGuid(reader, 0),
            dialect.ReadGuid(reader, 1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<byte[]>(4),
            EnumText.Parse<ApiKeyRole>(reader.GetString(5)),
            EnumText.Parse<ApiKeyStatus>(reader.GetString(6)),
            reader.IsDBNull(7) ? null : dialect.ReadTime(reader, 7),
            LimitColumns.Read(reader, 8, 22),
            dialect.ReadList(reader, 13),
            dialect.ReadTime(reader, 14),
            TagPolicyColumns.Read(dialect, reader, 15),
            CachePolicyColumns.Read(reader, 17),
            EnumText.Parse<PriorityClass>(reader.GetString(21)));
    }
}
