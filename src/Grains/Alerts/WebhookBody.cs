using System.Text;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Grains.Alerts;

/// <summary>What a webhook receives for an event, in its format.</summary>
public static class WebhookBody
{
    /// <summary>UTF-8 JSON: the event (<see cref="WebhookFormat.Json"/>) or Slack's <c>{"text": summary}</c>.</summary>
    public static byte[] Of(OutboxEvent e, WebhookFormat format)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (format == WebhookFormat.Slack)
            {
                json.WriteString("text", e.Summary);
            }
            else
            {
                json.WriteString("id", e.EventId);
                json.WriteString("type", OutboxEventKinds.ToText(e.Kind));
                json.WriteString("created_at", e.CreatedAt);
                if (e.TenantId is { } tenant)
                {
                    json.WriteString("tenant_id", tenant);
                }
                else
                {
                    json.WriteNull("tenant_id");
                }

                json.WriteString("summary", e.Summary);
                json.WritePropertyName("data");
                json.WriteRawValue(Encoding.UTF8.GetBytes(e.Data));
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
