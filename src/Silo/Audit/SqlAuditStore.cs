using System.Data.Common;
using GatoLink.Grains.Abstractions.Audit;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Audit;

/// <summary>
/// The audit log on either database. Times are stored as unix milliseconds and ids as text on SQLite, native
/// types on PostgreSQL; the statement text is the same.
/// </summary>
public sealed class SqlAuditStore : IAuditStore
{
    private const string InsertSql =
        "INSERT INTO audit_log (at, actor_key_id, actor_subject, actor_name, tenant_id, action, target, before_json, after_json) " +
        "VALUES (@at, @actor, @subject, @name, @tenant, @action, @target, @before, @after)";

    private const string ListSql =
        "SELECT id, at, actor_key_id, tenant_id, action, target, before_json, after_json, actor_subject, actor_name FROM audit_log " +
        "WHERE at >= @from AND at < @to AND (@all OR tenant_id = @tenant) ORDER BY id LIMIT @limit";

    private readonly IStorageConnectionFactory _connections;
    private readonly bool _native;

    /// <summary>A store over the silo's database.</summary>
    public SqlAuditStore(IStorageConnectionFactory connections, StorageKind kind)
    {
        _connections = connections;
        _native = kind == StorageKind.PostgreSql;
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = InsertSql;
        SqlDialect.Add(command, "at", Time(entry.At));
        SqlDialect.Add(command, "actor", Id(entry.ActorKeyId));
        SqlDialect.Add(command, "subject", entry.ActorSubject);
        SqlDialect.Add(command, "name", entry.ActorName);
        SqlDialect.Add(command, "tenant", Id(entry.TenantId));
        SqlDialect.Add(command, "action", entry.Action);
        SqlDialect.Add(command, "target", entry.Target);
        SqlDialect.Add(command, "before", entry.Before);
        SqlDialect.Add(command, "after", entry.After);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAsync(Guid? tenantId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct) =>
        IdempotentReads.RunAsync(token => ListOnceAsync(tenantId, from, to, limit, token), _connections.ForgetIfBroken, ct);

    private async Task<IReadOnlyList<AuditEntry>> ListOnceAsync(Guid? tenantId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = ListSql;
        SqlDialect.Add(command, "from", Time(from));
        SqlDialect.Add(command, "to", Time(to));
        SqlDialect.Add(command, "all", tenantId is null);
        SqlDialect.Add(command, "tenant", Id(tenantId) ?? (_native ? Guid.Empty : Guid.Empty.ToString("D")));
        SqlDialect.Add(command, "limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                ReadTime(reader, 1),
                ReadId(reader, 2),
                ReadId(reader, 3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return entries;
    }

    private object Time(DateTimeOffset at) => _native ? at.ToUniversalTime() : at.ToUnixTimeMilliseconds();

    private object? Id(Guid? id) => id is not { } value ? null : _native ? value : value.ToString("D");

    private DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        _native ? reader.GetFieldValue<DateTimeOffset>(ordinal) : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private Guid? ReadId(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : _native ? reader.GetGuid(ordinal) : Guid.Parse(reader.GetString(ordinal));
}
