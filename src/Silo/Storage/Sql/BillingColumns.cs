using System.Data.Common;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>The stored text of the billing enums and a tenant's four billing columns (plan, billing, wallet_since, wallet_low_micros).</summary>
internal static class BillingColumns
{
    public static string ToText(BillingMode mode) => mode == BillingMode.Prepaid ? "prepaid" : "postpaid";

    public static BillingMode ModeOf(string text) => text switch
    {
        "prepaid" => BillingMode.Prepaid,
        "postpaid" => BillingMode.Postpaid,
        _ => throw new FormatException($"'{text}' is not a billing mode."),
    };

    public static string ToText(OveragePolicy overage) => overage == OveragePolicy.Stop ? "stop" : "overage";

    public static OveragePolicy OverageOf(string text) => text switch
    {
        "stop" => OveragePolicy.Stop,
        "overage" => OveragePolicy.Overage,
        _ => throw new FormatException($"'{text}' is not an overage policy."),
    };

    public static void Bind(SqlDialect dialect, DbCommand command, TenantBilling? billing)
    {
        var b = billing ?? TenantBilling.Default;
        SqlDialect.Add(command, "plan", b.Plan);
        SqlDialect.Add(command, "billing", ToText(b.Mode));
        SqlDialect.Add(command, "wallet_since", b.WalletSince is { } since ? dialect.TimeValue(since) : null);
        SqlDialect.Add(command, "wallet_low_micros", b.LowBalanceMicros);
    }

    public static TenantBilling? Read(SqlDialect dialect, DbDataReader reader, int first)
    {
        var billing = new TenantBilling(
            reader.IsDBNull(first) ? null : reader.GetString(first),
            ModeOf(reader.GetString(first + 1)),
            reader.IsDBNull(first + 2) ? null : dialect.ReadTime(reader, first + 2),
            SqlDialect.ReadNullableInt64(reader, first + 3));
        return billing == TenantBilling.Default ? null : billing;
    }
}
