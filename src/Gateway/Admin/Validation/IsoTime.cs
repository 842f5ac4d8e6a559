using System.Globalization;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>ISO 8601 as query parameters carry it: a date, or a date and time with an optional offset (UTC when none).</summary>
public static class IsoTime
{
    /// <summary>Earliest moment a query may name; also keeps day arithmetic away from <see cref="DateOnly.MinValue"/>.</summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Parses <paramref name="text"/> strictly (no culture-dependent forms), from 1970 on.</summary>
    public static bool TryParse(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at)
        && at >= Earliest;

    /// <summary>Reads an optional query parameter: (null, null) when absent, else the moment or a 400 naming it.</summary>
    public static (DateTimeOffset? At, FieldError? Error) Optional(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        return TryParse(text, out var at)
            ? (at, null)
            : (null, new FieldError(field, $"'{field}' must be an ISO 8601 date (yyyy-MM-dd) or timestamp, from 1970 on."));
    }
}
