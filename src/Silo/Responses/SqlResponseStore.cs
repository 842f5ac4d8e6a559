using System.Data.Common;
using GatoLink.Grains.Abstractions.Responses;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Responses;

/// <summary>
/// Stored Responses answers on either database: times as unix milliseconds and ids as text on SQLite, native types on
/// PostgreSQL; the statements are the same. Every read is scoped by tenant and by expiry.
/// </summary>
public sealed class SqlResponseStore : IResponseStore
{
    private const string InsertSql =
        "INSERT INTO stored_responses (id, tenant_id, created_at, expires_at, model, conversation, response) " +
        "VALUES (@id, @tenant, @created, @expires, @model, @conversation, @response)";

    private const string FindSql =
        "SELECT created_at, expires_at, model, conversation, response FROM stored_responses " +
        "WHERE id = @id AND tenant_id = @tenant AND expires_at > @now";

    private readonly IStorageConnectionFactory _connections;
    private readonly bool _native;

    /// <summary>A store over the silo's database.</summary>
    public SqlResponseStore(IStorageConnectionFactory connections, StorageKind kind)
    {
        _connections = connections;
        _native = kind == StorageKind.PostgreSql;
    }

    /// <inheritdoc />
    public async Task SaveAsync(StoredResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = InsertSql;
        SqlDialect.Add(command, "id", response.Id);
        SqlDialect.Add(command, "tenant", Id(response.TenantId));
        SqlDialect.Add(command, "created", Time(response.CreatedAt));
        SqlDialect.Add(command, "expires", Time(response.ExpiresAt));
        SqlDialect.Add(command, "model", response.Model);
        SqlDialect.Add(command, "conversation", response.Conversation);
        SqlDialect.Add(command, "response", response.Response);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public Task<StoredResponse?> FindAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct) =>
        IdempotentReads.RunAsync(token => FindOnceAsync(tenantId, id, now, token), _connections.ForgetIfBroken, ct);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM stored_responses WHERE id = @id AND tenant_id = @tenant AND expires_at > @now";
        SqlDialect.Add(command, "id", id);
        SqlDialect.Add(command, "tenant", Id(tenantId));
        SqlDialect.Add(command, "now", Time(now));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <inheritdoc />
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM stored_responses WHERE expires_at <= @now";
        SqlDialect.Add(command, "now", Time(now));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<StoredResponse?> FindOnceAsync(Guid tenantId, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = FindSql;
        SqlDialect.Add(command, "id", id);
        SqlDialect.Add(command, "tenant", Id(tenantId));
        SqlDialect.Add(command, "now", Time(now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new StoredResponse(id, tenantId, ReadTime(reader, 0), ReadTime(reader, 1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
    }

    private object Time(DateTimeOffset at) => _native ? at.ToUniversalTime() : at.ToUnixTimeMilliseconds();

    private object Id(Guid id) => _native ? id : id.ToString("D");

    private DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        _native ? reader.GetFieldValue<DateTimeOffset>(ordinal) : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
