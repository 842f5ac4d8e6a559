using System.Data.Common;
using System.Text;
using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// The analytics SELECT over raw <c>usage_events</c>, for what the daily rollups do not hold: a tag (group or filter)
/// and the node. Same columns as <see cref="RollupQuery"/>, so one reader serves both. Tag keys reach the SQL only as
/// parameters (PostgreSQL) or inside a JSON path built from a key that passed <c>TagRules</c> (letters, digits,
/// <c>_ - .</c>), never as raw input.
/// </summary>
internal static class RawUsageQuery
{
    /// <summary>Builds the command for <paramref name="query"/> in the database's <paramref name="flavor"/>.</summary>
    public static DbCommand Build(DbConnection connection, UsageQuery query, LedgerSqlFlavor flavor, Func<DateTimeOffset, object> time, Func<Guid, object> guid)
    {
        var postgres = flavor == LedgerSqlFlavor.Postgres;
        var command = connection.CreateCommand();
        var group = query.GroupBy switch
        {
            UsageGrouping.Day => postgres ? "(ts AT TIME ZONE 'UTC')::date" : "date(ts / 1000, 'unixepoch')",
            UsageGrouping.Model => "model",
            UsageGrouping.Key => "api_key_id",
            UsageGrouping.Tenant => "tenant_id",
            UsageGrouping.Node => "node_id",
            UsageGrouping.Tag => TagValue(command, postgres, "group_tag", query.GroupTag ?? throw new ArgumentException("A tag grouping needs the tag key.", nameof(query))),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.GroupBy, null),
        };
        var sql = new StringBuilder()
            .Append("SELECT ").Append(group).Append(" AS g, count(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_micros), ")
            .Append("SUM(CASE WHEN status IN (").Append(UsageStatusText.ErrorStatusesSql).Append(") THEN 1 ELSE 0 END)");
        for (var i = 0; i < TtftHistogram.BucketCount; i++)
        {
            sql.Append(", SUM(CASE WHEN ").Append(TtftHistogram.Condition(i)).Append(" THEN 1 ELSE 0 END)");
        }

        sql.Append(", SUM(gpu_ms), SUM(gpu_cost_micros) FROM usage_events WHERE ts >= @from AND ts < @to");
        SqlDialect.Add(command, "from", time(new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        SqlDialect.Add(command, "to", time(new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
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

        if (query.TagFilters is { Count: > 0 } filters && postgres)
        {
            // Containment, which the GIN index on tags serves.
            sql.Append(" AND tags @> CAST(@tag_filter AS jsonb)");
            SqlDialect.Add(command, "tag_filter", TagJson.Write(filters)!);
        }
        else if (query.TagFilters is { Count: > 0 } sqliteFilters)
        {
            var n = 0;
            foreach (var (name, value) in sqliteFilters)
            {
                var parameter = "tag_value_" + n;
                sql.Append(" AND ").Append(TagValue(command, postgres, "tag_key_" + n, name)).Append(" = @").Append(parameter);
                SqlDialect.Add(command, parameter, value);
                n++;
            }
        }

        sql.Append(" GROUP BY g ORDER BY g");
        command.CommandText = sql.ToString();
        return command;
    }

    private static string TagValue(DbCommand command, bool postgres, string parameter, string tagKey)
    {
        SqlDialect.Add(command, parameter, postgres ? tagKey : $"$.\"{tagKey}\"");
        return postgres ? $"(tags ->> @{parameter})" : $"json_extract(tags, @{parameter})";
    }
}
