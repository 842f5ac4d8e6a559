using Microsoft.AspNetCore.Mvc;

namespace GatoLink.Gateway.Admin;

/// <summary>Query string of the usage endpoints: <c>?from&amp;to&amp;group_by=day|model|key&amp;format=json|csv</c>.</summary>
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

    /// <summary><c>json</c> (default) or <c>csv</c>.</summary>
    [FromQuery(Name = "format")]
    public string? Format { get; set; }
}
