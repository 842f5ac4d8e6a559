using System.Data.Common;
using GatoLink.Grains.Billing;
using GatoLink.Silo.Storage.Sql;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// A budget seed's SELECT (<see cref="ILedgerBalances"/>), the same text for both databases: today's usage before the
/// moment and the requests and tokens of the minute before it from the raw events (index on key or tenant and ts), the
/// month's earlier days from <c>usage_daily</c>.
/// </summary>
internal static class BalanceQuery
{
    /// <summary>The window of the rate limits (per minute) that a seed counts requests and tokens in.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Builds the command; <paramref name="at"/>, <paramref name="day"/> and <paramref name="guid"/> turn values into the
    /// database's parameter values.
    /// </summary>
    public static DbCommand Build(DbConnection connection, Guid tenantId, Guid? keyId, DateTimeOffset before, Func<DateTimeOffset, object> at, Func<DateOnly, object> day, Func<Guid, object> guid)
    {
        var utc = before.UtcDateTime;
        var today = DateOnly.FromDateTime(utc);
        var scope = keyId is null ? "tenant_id = @scope" : "api_key_id = @scope";
        var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH today AS (
                SELECT CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS cost, CAST(COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS BIGINT) AS tokens
                FROM usage_events WHERE {scope} AND ts >= @day_start AND ts < @before),
            earlier AS (
                SELECT CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS cost, CAST(COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS BIGINT) AS tokens
                FROM usage_daily WHERE {scope} AND day >= @month_start AND day < @today),
            minute AS (
                SELECT CAST(COUNT(DISTINCT request_id) AS BIGINT) AS requests, CAST(COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS BIGINT) AS tokens
                FROM usage_events WHERE {scope} AND ts >= @minute_start AND ts < @before)
            SELECT today.cost, today.cost + earlier.cost, today.tokens + earlier.tokens, minute.requests, minute.tokens FROM today, earlier, minute
            """;
        SqlDialect.Add(command, "scope", guid(keyId ?? tenantId));
        SqlDialect.Add(command, "day_start", at(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        SqlDialect.Add(command, "before", at(before));
        SqlDialect.Add(command, "minute_start", at(before - RateWindow));
        SqlDialect.Add(command, "month_start", day(new DateOnly(today.Year, today.Month, 1)));
        SqlDialect.Add(command, "today", day(today));
        return command;
    }

    /// <summary>A wallet seed's SELECT: the tenant's cost in [since, before) from the raw events (index on tenant and ts).</summary>
    public static DbCommand BuildCostSince(DbConnection connection, Guid tenantId, DateTimeOffset since, DateTimeOffset before, Func<DateTimeOffset, object> at, Func<Guid, object> guid)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) FROM usage_events WHERE tenant_id = @scope AND ts >= @since AND ts < @before";
        SqlDialect.Add(command, "scope", guid(tenantId));
        SqlDialect.Add(command, "since", at(since));
        SqlDialect.Add(command, "before", at(before));
        return command;
    }

    /// <summary>Reads the one value of a command from <see cref="BuildCostSince"/>.</summary>
    public static async Task<long> ReadCostAsync(DbCommand command, CancellationToken ct) =>
        Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the one row of a command from <see cref="Build"/>.</summary>
    public static async Task<SpentTotals> ReadAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return default;
        }

        return new SpentTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), MinuteRequests: reader.GetInt64(3), MinuteTokens: reader.GetInt64(4));
    }
}
