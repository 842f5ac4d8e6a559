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
            throw Duplicate(entity, ex);
        }
    }

    /// <summary>Runs a query and maps every row; once more on a fresh connection if the pooled one was dead.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct) =>
        IdempotentReads.RunAsync(token => QueryOnceAsync(sql, bind, map, token), connections.ForgetIfBroken, ct);

    private async Task<IReadOnlyList<T>> QueryOnceAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
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

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns; unique violations become <see cref="DuplicateEntityException"/>.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, string entity, CancellationToken ct)
    {
        try
        {
            return await InTransactionAsync(work, ct);
        }
        catch (DbException ex) when (Dialect.IsUniqueViolation(ex))
        {
            throw Duplicate(entity, ex);
        }
    }

    /// <summary>A command on <paramref name="connection"/> inside <paramref name="transaction"/>.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    /// <summary>Binds nothing.</summary>
    public static void NoParameters(DbCommand command)
    {
    }

    private static DuplicateEntityException Duplicate(string entity, DbException ex) =>
        new($"A {entity} with the same identity already exists.", ex) { Entity = entity };
}
