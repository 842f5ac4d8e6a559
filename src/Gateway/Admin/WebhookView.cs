using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Gateway.Admin;

/// <summary>A webhook as the admin API shows it: the secret only in the answer that made it.</summary>
public sealed record WebhookView(Guid Id, Guid? TenantId, string Url, IReadOnlyList<string> Events, string Format, DateTimeOffset CreatedAt, string? Secret)
{
    /// <summary>Maps a record, with its secret when it was just made.</summary>
    public static WebhookView From(WebhookRecord w, bool withSecret = false) => new(
        w.Id, w.TenantId, w.Url.ToString(), [.. w.Events.Select(OutboxEventKinds.ToText)],
        w.Format == WebhookFormat.Slack ? "slack" : "json", w.CreatedAt, withSecret ? w.Secret : null);
}

/// <summary>One attempt of the delivery log as the admin API shows it.</summary>
public sealed record DeliveryAttemptView(Guid EventId, int Attempt, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs, bool Delivered)
{
    /// <summary>Maps an attempt.</summary>
    public static DeliveryAttemptView From(DeliveryAttempt a) => new(a.EventId, a.Attempt, a.At, a.StatusCode, a.Error, Math.Round(a.DurationMs, 1), a.Delivered);
}
