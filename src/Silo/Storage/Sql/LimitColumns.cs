using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>
/// The limit columns tenants, keys and plans share, in the order rpm, tpm, daily, monthly, monthly_tokens; tenants and
/// keys also have max_concurrent, which they list last (plans have none).
/// </summary>
internal static class LimitColumns
{
    public static void Bind(DbCommand command, Limits limits, bool maxConcurrent = true)
    {
        SqlDialect.Add(command, "rpm", limits.RequestsPerMinute);
        SqlDialect.Add(command, "tpm", limits.TokensPerMinute);
        SqlDialect.Add(command, "daily", limits.DailyCostMicros);
        SqlDialect.Add(command, "monthly", limits.MonthlyCostMicros);
        SqlDialect.Add(command, "monthly_tokens", limits.MonthlyTokens);
        if (maxConcurrent)
        {
            SqlDialect.Add(command, "max_concurrent", limits.MaxConcurrent);
        }
    }

    /// <summary>
    /// Reads the limit columns from <paramref name="first"/>. A row without any limit gives the shared
    /// <see cref="Limits.None"/>, so that the many keys a silo caches without limits do not each hold a copy.
    /// </summary>
    public static Limits Read(DbDataReader reader, int first, int? maxConcurrentAt = null)
    {
        var limits = new Limits(
            SqlDialect.ReadNullableInt32(reader, first),
            SqlDialect.ReadNullableInt64(reader, first + 1),
            SqlDialect.ReadNullableInt64(reader, first + 2),
            SqlDialect.ReadNullableInt64(reader, first + 3),
            SqlDialect.ReadNullableInt64(reader, first + 4),
            maxConcurrentAt is { } at ? SqlDialect.ReadNullableInt32(reader, at) : null);
        return limits == Limits.None ? Limits.None : limits;
    }
}
