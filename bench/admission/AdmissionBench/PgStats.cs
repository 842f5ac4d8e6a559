using Npgsql;

namespace GatoLink.Bench.Admission;

/// <summary>Reads how many lease statements PostgreSQL has executed (needs pg_stat_statements preloaded).</summary>
public static class PgStats
{
    private const string Sql =
        "SELECT COALESCE((SELECT sum(calls) FROM pg_stat_statements WHERE query LIKE '%quota_acquire(%' OR query LIKE '%quota_return(%' OR query LIKE 'UPDATE quota_leases%'), 0)::bigint, " +
        "COALESCE((SELECT sum(calls) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'), 0)::bigint, " +
        "(SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())";

    /// <summary>Prints <c>lease_calls=N all_calls=M xact_commit=K</c>.</summary>
    public static async Task<int> PrintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"lease_calls={reader.GetInt64(0)} all_calls={reader.GetInt64(1)} xact_commit={reader.GetInt64(2)}");
        return 0;
    }
}
