using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Storage;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Keys;

/// <summary>Rotation grace periods on either database (unix milliseconds and text ids on SQLite).</summary>
public sealed class SqlKeyGraceStore : IKeyGraceStore
{
    private readonly IStorageConnectionFactory _connections;
    private readonly bool _native;

    /// <summary>A store over the silo's database.</summary>
    public SqlKeyGraceStore(IStorageConnectionFactory connections, StorageKind kind)
    {
        _connections = connections;
        _native = kind == StorageKind.PostgreSql;
    }

    /// <inheritdoc />
    public async Task AddAsync(KeyGrace grace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grace);
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_key_grace (secret_hash, key_id, expires_at) VALUES (@hash, @key, @expires)";
        SqlDialect.Add(command, "hash", grace.SecretHash);
        SqlDialect.Add(command, "key", _native ? grace.KeyId : grace.KeyId.ToString("D"));
        SqlDialect.Add(command, "expires", Time(grace.ExpiresAt));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeyGrace>> ListActiveAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await _connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, secret_hash, expires_at FROM api_key_grace WHERE expires_at > @now";
        SqlDialect.Add(command, "now", Time(now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var graces = new List<KeyGrace>();
        while (await reader.ReadAsync(ct))
        {
            var id = _native ? reader.GetGuid(0) : Guid.Parse(reader.GetString(0));
            var expires = _native ? reader.GetFieldValue<DateTimeOffset>(2) : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            graces.Add(new KeyGrace(id, reader.GetFieldValue<byte[]>(1), expires));
        }

        return graces;
    }

    private object Time(DateTimeOffset at) => _native ? at.ToUniversalTime() : at.ToUnixTimeMilliseconds();
}
