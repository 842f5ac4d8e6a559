using System.Globalization;

namespace GatoLink.Cli.Output;

/// <summary>How values read in tables: invariant numbers, UTC times, a dash for nothing.</summary>
public static class Format
{
    /// <summary>Shown for an absent value.</summary>
    public const string None = "-";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : None;

    /// <summary>A count that may be fractional (scraped gauges).</summary>
    public static string Count(double? value) => value is { } v ? v.ToString("#,0.##", CultureInfo.InvariantCulture) : None;

    /// <summary>Dollars, with as many decimals as small amounts need.</summary>
    public static string Usd(decimal? value) => value is { } v
        ? "$" + v.ToString(Math.Abs(v) >= 1 || v == 0 ? "#,0.00" : "0.00####", CultureInfo.InvariantCulture)
        : None;

    /// <summary>Micro-dollars as dollars.</summary>
    public static string UsdMicros(long micros) => Usd(micros / 1_000_000m);

    /// <summary>A fraction (0–1) as a percentage.</summary>
    public static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : None;

    /// <summary>A moment in UTC, to the second.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : None;

    /// <summary>A list, comma separated.</summary>
    public static string List(IEnumerable<string>? items, string empty = None)
    {
        var text = string.Join(", ", items ?? []);
        return text.Length == 0 ? empty : text;
    }

    /// <summary>A number of milliseconds.</summary>
    public static string Millis(double? ms) => ms is { } v ? v.ToString("#,0.#", CultureInfo.InvariantCulture) + " ms" : None;
}
