using System.Globalization;

namespace GatoLink.Grains.Invoices;

/// <summary>A calendar month (UTC), the period of one invoice.</summary>
/// <param name="Year">Year.</param>
/// <param name="Month">Month, 1–12.</param>
public readonly record struct BillingMonth(int Year, int Month)
{
    /// <summary>The month <paramref name="at"/> falls in.</summary>
    public static BillingMonth Of(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new(utc.Year, utc.Month);
    }

    /// <summary>Parses <c>yyyy-MM</c> or <c>yyyyMM</c>; null when it is neither.</summary>
    public static BillingMonth? Parse(string text) =>
        DateTime.TryParseExact(text, ["yyyy-MM", "yyyyMM"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            ? new BillingMonth(day.Year, day.Month)
            : null;

    /// <summary>Its first moment.</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first moment after it.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    /// <summary>Its first day.</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The month <paramref name="months"/> later (negative: earlier).</summary>
    public BillingMonth Plus(int months) => Of(Start.AddMonths(months));

    /// <summary><c>yyyy-MM</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");

    /// <summary>The invoice number of <paramref name="tenantId"/> for this month: <c>yyyyMM-</c> and the tenant id's 32 hex digits.</summary>
    public string NumberFor(Guid tenantId) => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}{Month:00}-{tenantId:N}");
}
