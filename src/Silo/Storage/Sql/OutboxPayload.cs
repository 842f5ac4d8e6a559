using System.Data.Common;
using System.Text.Json;
using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>An outbox event's stored columns: kind text, and a payload holding its summary and data.</summary>
internal static class OutboxPayload
{
    /// <summary>The payload column of <paramref name="e"/>: <c>{"summary": …, "data": {…}}</c>.</summary>
    public static string Write(OutboxEvent e)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("summary", e.Summary);
            json.WritePropertyName("data");
            json.WriteRawValue(e.Data);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads event_id, tenant_id, kind, payload, created_at from <paramref name="o"/>.</summary>
    public static OutboxEvent Read(DbDataReader r, int o, SqlDialect dialect)
    {
        using var payload = JsonDocument.Parse(r.GetString(o + 3));
        return new OutboxEvent(
            dialect.ReadGuid(r, o),
            r.IsDBNull(o + 1) ? null : dialect.ReadGuid(r, o + 1),
            OutboxEventKinds.Parse(r.GetString(o + 2)) ?? throw new InvalidDataException($"Unknown outbox event kind '{r.GetString(o + 2)}'."),
            payload.RootElement.GetProperty("summary").GetString() ?? "",
            payload.RootElement.GetProperty("data").GetRawText(),
            dialect.ReadTime(r, o + 4));
    }
}
