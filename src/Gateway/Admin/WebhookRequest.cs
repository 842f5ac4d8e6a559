using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>POST /admin/webhooks</c>: <c>url</c> (http or https), <c>events</c> (kinds such as
/// <c>budget.threshold</c>, <c>spend.anomaly</c>, <c>invoice.finalized</c>, <c>wallet.low</c>; absent or empty: all),
/// <c>format</c> (<c>json</c> or <c>slack</c>) and, for system admins, <c>tenant_id</c> (absent: every tenant's events).
/// </summary>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Format, Guid? TenantId) : IAdminRequest<WebhookRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now)
    {
        if (FieldRules.HttpUrl(Url, "url", required: true) is { } badUrl)
        {
            return badUrl;
        }

        if (Events?.FirstOrDefault(e => OutboxEventKinds.Parse(e ?? "") is null) is { } unknown)
        {
            return new("events", $"Unknown event '{unknown}'; known: {string.Join(", ", OutboxEventKinds.All.Select(k => k.Text))}.");
        }

        return Format is null or "json" or "slack" ? null : new("format", "'format' must be json or slack.");
    }

    /// <summary>The event kinds asked for (empty: all).</summary>
    public IReadOnlyList<OutboxEventKind> Kinds => [.. (Events ?? []).Select(e => OutboxEventKinds.Parse(e)!.Value).Distinct()];

    /// <summary>The body format asked for.</summary>
    public WebhookFormat BodyFormat => Format == "slack" ? WebhookFormat.Slack : WebhookFormat.Json;
}
