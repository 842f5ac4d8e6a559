using System.Data.Common;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Runs one parameterised statement per connection, translating unique violations.</summary>
internal sealed class SqlExecutor(IStorageConnectionFactory connections, SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Executes a non-query; unique violations become <see cref="DuplicateEntityException"/>.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind, string entity, CancellationToken ct)
    {
        await using var connection = await connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        try
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException ex) when (Dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateEntityException($"A {entity} with the same identity already exists.", ex) { Entity = entity };
        }
    }

    /// <summary>Runs a query and maps every row.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var connection = await connections.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs a query and maps the first row, or returns null.</summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
        where T : class
    {
        var rows = await QueryAsync(sql, bind, map, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await connections.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Binds nothing.</summary>
    public static void NoParameters(DbCommand command)
    {
    }
}
