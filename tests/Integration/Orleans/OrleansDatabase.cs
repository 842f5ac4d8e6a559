using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Storage;
using Npgsql;

namespace GatoLink.Integration.Tests.Orleans;

/// <summary>
/// A fresh PostgreSQL database migrated by the real <c>PostgresStorageProvider.MigrateAsync</c>, for the Orleans
/// ADO.NET providers. Its sessions run in a non-UTC time zone so that any timestamp/timestamptz mix-up in our SQL
/// shows as a shifted time.
/// </summary>
internal sealed class OrleansDatabase : IAsyncDisposable
{
    /// <summary>Asia/Kathmandu is UTC+05:45: a mix-up cannot hide behind a whole-hour offset either.</summary>
    public const string SessionTimeZone = "Asia/Kathmandu";

    private readonly TestStorage _storage;

    private OrleansDatabase(TestStorage storage)
    {
        _storage = storage;
        ConnectionString = storage.Options.PostgresConnectionString!;
    }

    /// <summary>The database's connection string, as the silo would pass to the Orleans providers.</summary>
    public string ConnectionString { get; }

    public static async Task<OrleansDatabase> CreateAsync(PostgresFixture postgres)
    {
        var storage = await TestStorage.CreateAsync(StorageKind.PostgreSql, postgres);
        var database = new OrleansDatabase(storage);
        await database.ExecuteAsync(
            $"DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), '{SessionTimeZone}'); END $$");
        return database;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row.Select(v => v is DBNull ? null : v).ToArray());
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await _storage.DisposeAsync();
    }
}

/// <summary>Waits on conditions with a deadline instead of sleeping a fixed time.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}; last value: {value}");
            }

            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        ValueAsync(probe, ok => ok, timeout, what);
}
