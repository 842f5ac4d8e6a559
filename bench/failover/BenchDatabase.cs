using Npgsql;

namespace GatoLink.Bench.Failover;

/// <summary>A fresh database on the bench server, dropped on dispose.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Connection string of the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates gatolink_bench_&lt;guid&gt;.</summary>
    public static async Task<BenchDatabase> CreateAsync(string server)
    {
        var name = $"gatolink_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new BenchDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
