namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>The body a webhook receives.</summary>
public enum WebhookFormat
{
    /// <summary><c>{"id","type","created_at","tenant_id","summary","data"}</c>.</summary>
    Json,

    /// <summary>Slack's incoming-webhook body: <c>{"text": summary}</c>.</summary>
    Slack,
}
