using System.Globalization;
using GatoLink.Gateway.Admin.Validation;
using Microsoft.AspNetCore.Mvc;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Query string of <c>GET /admin/audit</c>: <c>?tenant_id&amp;from&amp;to&amp;limit</c>. Bound as strings, so that a bad
/// value is a 400 naming it rather than a bare binding failure.
/// </summary>
public sealed class AuditQueryParameters
{
    /// <summary>Entries per answer when <see cref="Limit"/> is absent.</summary>
    public const int DefaultLimit = 200;

    /// <summary>Most entries per answer.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only this tenant's entries (a GUID).</summary>
    [FromQuery(Name = "tenant_id")]
    public string? TenantId { get; set; }

    /// <summary>Entries at or after this ISO 8601 moment; default: 30 days before <see cref="To"/>.</summary>
    [FromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>Entries before this ISO 8601 moment; default: now.</summary>
    [FromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary>How many entries, 1..<see cref="MaxLimit"/>.</summary>
    [FromQuery(Name = "limit")]
    public string? Limit { get; set; }

    /// <summary>The query these parameters ask for, or the first bad one.</summary>
    public (AuditRequest? Request, FieldError? Error) Resolve(DateTimeOffset now)
    {
        Guid? tenant = null;
        if (!string.IsNullOrWhiteSpace(TenantId))
        {
            if (!Guid.TryParse(TenantId, out var id))
            {
                return (null, new FieldError("tenant_id", "'tenant_id' must be a GUID."));
            }

            tenant = id;
        }

        var (to, toError) = IsoTime.Optional(To, "to");
        var (from, fromError) = IsoTime.Optional(From, "from");
        if ((toError ?? fromError) is { } bad)
        {
            return (null, bad);
        }

        var end = to ?? now.AddSeconds(1);
        var start = from ?? end.AddDays(-30);
        if (start > end)
        {
            return (null, new FieldError("from", "'from' must not be after 'to'."));
        }

        var take = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(Limit)
            && (!int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1 || take > MaxLimit))
        {
            return (null, new FieldError("limit", $"'limit' must be an integer between 1 and {MaxLimit}."));
        }

        return (new AuditRequest(tenant, start, end, take), null);
    }
}

/// <summary>A valid audit query.</summary>
public sealed record AuditRequest(Guid? TenantId, DateTimeOffset From, DateTimeOffset To, int Limit);
