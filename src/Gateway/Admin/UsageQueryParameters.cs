using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Billing;
using Microsoft.AspNetCore.Mvc;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Query string of the usage endpoints: <c>?from&amp;to&amp;group_by=day|model|key|node|tag:KEY&amp;tag=KEY:VALUE&amp;format=json|csv</c>. Bound as
/// strings, so that a bad value is a 400 naming it rather than a bare binding failure.
/// </summary>
public sealed class UsageQueryParameters
{
    /// <summary>First UTC day (<c>yyyy-MM-dd</c> or an ISO timestamp, whose UTC day counts); default: 30 days before <see cref="To"/>.</summary>
    [FromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>Last UTC day, included; default: today.</summary>
    [FromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary><c>day</c> (default), <c>model</c> or <c>key</c>.</summary>
    [FromQuery(Name = "group_by")]
    public string? GroupBy { get; set; }

    /// <summary>Tag filters, each <c>key:value</c>; a row counts only requests carrying all of them.</summary>
    [FromQuery(Name = "tag")]
    public string[]? Tag { get; set; }

    /// <summary><c>json</c> (default) or <c>csv</c>.</summary>
    [FromQuery(Name = "format")]
    public string? Format { get; set; }

    /// <summary>The query these parameters ask for, or the first bad one.</summary>
    public (UsageRequest? Request, FieldError? Error) Resolve(DateOnly today)
    {
        var (toAt, toError) = IsoTime.Optional(To, "to");
        if (toError is not null)
        {
            return (null, toError);
        }

        var to = toAt is { } t ? DateOnly.FromDateTime(t.UtcDateTime) : today;
        var (fromAt, fromError) = IsoTime.Optional(From, "from");
        if (fromError is not null)
        {
            return (null, fromError);
        }

        var from = fromAt is { } f ? DateOnly.FromDateTime(f.UtcDateTime) : to.AddDays(-29);
        if (from > to)
        {
            return (null, new FieldError("from", "'from' must not be after 'to'."));
        }

        if (to.DayNumber - from.DayNumber >= UsageEndpoints.MaxDays)
        {
            return (null, new FieldError("from", $"The range from 'from' to 'to' must be under {UsageEndpoints.MaxDays} days."));
        }

        var (grouping, groupTag, groupError) = UsageGroupingText.Parse(GroupBy);
        if (groupError is not null)
        {
            return (null, groupError);
        }

        var (filters, filterError) = UsageGroupingText.Filters(Tag);
        if (filterError is not null)
        {
            return (null, filterError);
        }

        var csv = Format?.ToLowerInvariant() switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        if (csv is not { } asCsv)
        {
            return (null, new FieldError("format", "'format' must be json or csv."));
        }

        return (new UsageRequest(from, to, grouping, asCsv, groupTag, filters), null);
    }
}

/// <summary>A valid usage query: whole UTC days <paramref name="From"/>..<paramref name="To"/>, grouped (by a tag's value when
/// <paramref name="GroupTag"/> is set), filtered by tags, as JSON or CSV.</summary>
public sealed record UsageRequest(DateOnly From, DateOnly To, UsageGrouping GroupBy, bool Csv, string? GroupTag, IReadOnlyDictionary<string, string>? TagFilters);
