using Npgsql;

namespace GatoLink.Bench.Ledger;

/// <summary>Creates a fresh database for one benchmark phase.</summary>
internal static class BenchDatabase
{
    public static async Task<string> CreateAsync(string adminConnectionString, string label)
    {
        var name = $"gatolink_bench_{label}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, CommandTimeout = 0 }.ConnectionString;
    }
}
