using System.Data.Common;
using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The response cache's savings in a range (<see cref="IUsageQueries.CacheSavingsAsync"/>), the same text for both
/// databases: the cache-hit rows of the raw ledger (index on tenant or key and ts), counted and summed.
/// </summary>
internal static class CacheSavingsQuery
{
    /// <summary>Builds the command; <paramref name="time"/> and <paramref name="guid"/> turn values into the database's parameter values.</summary>
    public static DbCommand Build(DbConnection connection, UsageQuery query, Func<DateTimeOffset, object> time, Func<Guid, object> guid)
    {
        var command = connection.CreateCommand();
        var scope = query.ApiKeyId is not null ? " AND api_key_id = @scope" : query.TenantId is not null ? " AND tenant_id = @scope" : "";
        command.CommandText =
            "SELECT count(*), CAST(COALESCE(SUM(saved_tokens), 0) AS BIGINT), CAST(COALESCE(SUM(saved_cost_micros), 0) AS BIGINT) " +
            "FROM usage_events WHERE cache_hit AND ts >= @from AND ts < @to" + scope;
        SqlDialect.Add(command, "from", time(new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        SqlDialect.Add(command, "to", time(new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        if ((query.ApiKeyId ?? query.TenantId) is { } id)
        {
            SqlDialect.Add(command, "scope", guid(id));
        }

        return command;
    }

    /// <summary>Reads the one row of a command from <see cref="Build"/>.</summary>
    public static async Task<CacheSavings> ReadAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new CacheSavings(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            : default;
    }
}
