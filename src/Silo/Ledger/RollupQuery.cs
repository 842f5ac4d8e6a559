using System.Data.Common;
using System.Globalization;
using System.Text;
using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Ledger;

/// <summary>The analytics SELECT over <c>usage_daily</c>, the same text for both databases (values shaped by the caller).</summary>
internal static class RollupQuery
{
    /// <summary>Builds the command; <paramref name="day"/> and <paramref name="guid"/> turn values into the database's parameter values.</summary>
    public static DbCommand Build(DbConnection connection, UsageQuery query, Func<DateOnly, object> day, Func<Guid, object> guid)
    {
        var group = query.GroupBy switch
        {
            UsageGrouping.Day => "day",
            UsageGrouping.Model => "model",
            UsageGrouping.Key => "api_key_id",
            UsageGrouping.Tenant => "tenant_id",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.GroupBy, null),
        };
        var sql = new StringBuilder()
            .Append("SELECT ").Append(group)
            .Append(", SUM(requests), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_micros), SUM(errors)");
        for (var i = 0; i < TtftHistogram.BucketCount; i++)
        {
            sql.Append(", SUM(").Append(TtftHistogram.Column(i)).Append(')');
        }

        sql.Append(", SUM(gpu_ms), SUM(gpu_cost_micros)");

        sql.Append(" FROM usage_daily WHERE day >= @from AND day <= @to");
        var command = connection.CreateCommand();
        SqlDialect.Add(command, "from", day(query.From));
        SqlDialect.Add(command, "to", day(query.To));
        if (query.TenantId is { } tenant)
        {
            sql.Append(" AND tenant_id = @tenant");
            SqlDialect.Add(command, "tenant", guid(tenant));
        }

        if (query.ApiKeyId is { } key)
        {
            sql.Append(" AND api_key_id = @key");
            SqlDialect.Add(command, "key", guid(key));
        }

        sql.Append(" GROUP BY ").Append(group).Append(" ORDER BY ").Append(group);
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>
    /// Reads the rows of a command from <see cref="Build"/> or <see cref="RawUsageQuery.Build"/>: the group, requests,
    /// prompt, completion, cost, errors, the TTFT buckets, GPU milliseconds and GPU cost.
    /// </summary>
    public static async Task<IReadOnlyList<UsageRow>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        var rows = new List<UsageRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new long[TtftHistogram.BucketCount];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = Long(reader, 6 + i);
            }

            rows.Add(new UsageRow(
                GroupText(reader.GetValue(0)),
                Long(reader, 1),
                Long(reader, 2),
                Long(reader, 3),
                Long(reader, 4),
                Long(reader, 5),
                TtftHistogram.Percentile(counts, 0.50),
                TtftHistogram.Percentile(counts, 0.95),
                reader.IsDBNull(6 + counts.Length) ? 0 : Convert.ToDouble(reader.GetValue(6 + counts.Length), CultureInfo.InvariantCulture),
                Long(reader, 7 + counts.Length)));
        }

        return rows;
    }

    // SUM(bigint) is numeric in PostgreSQL and INTEGER in SQLite: convert rather than GetInt64.
    private static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static string GroupText(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        DBNull => "",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
