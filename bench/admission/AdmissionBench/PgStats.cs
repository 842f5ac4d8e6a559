using Npgsql;

namespace GatoLink.Bench.Admission;

/// <summary>
/// Reads how many statements PostgreSQL has executed for limits (a key or tenant grain reading its record and its
/// ledger spend on activation; nothing per request) and in all (needs pg_stat_statements preloaded).
/// </summary>
public static class PgStats
{
    private const string Sql =
        "SELECT COALESCE((SELECT sum(calls) FROM pg_stat_statements WHERE query LIKE '%FROM api_keys WHERE id%' OR query LIKE '%FROM tenants WHERE id%' OR query LIKE 'SELECT%FROM usage_daily%'), 0)::bigint, " +
        "COALESCE((SELECT sum(calls) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'), 0)::bigint, " +
        "(SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())";

    /// <summary>Prints <c>lease_calls=N all_calls=M xact_commit=K</c> (lease_calls: the limits' statements, named as before).</summary>
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
