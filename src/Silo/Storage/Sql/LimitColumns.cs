using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>The five limit columns tenants and keys share, in the order rpm, tpm, daily, monthly, monthly_tokens.</summary>
internal static class LimitColumns
{
    public static void Bind(DbCommand command, Limits limits)
    {
        SqlDialect.Add(command, "rpm", limits.RequestsPerMinute);
        SqlDialect.Add(command, "tpm", limits.TokensPerMinute);
        SqlDialect.Add(command, "daily", limits.DailyCostMicros);
        SqlDialect.Add(command, "monthly", limits.MonthlyCostMicros);
        SqlDialect.Add(command, "monthly_tokens", limits.MonthlyTokens);
    }

    public static Limits Read(DbDataReader reader, int first) => new(
        SqlDialect.ReadNullableInt32(reader, first),
        SqlDialect.ReadNullableInt64(reader, first + 1),
        SqlDialect.ReadNullableInt64(reader, first + 2),
        SqlDialect.ReadNullableInt64(reader, first + 3),
        SqlDialect.ReadNullableInt64(reader, first + 4));
}
