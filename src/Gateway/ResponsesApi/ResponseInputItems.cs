using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.AnthropicApi;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// The input items of a stored response as <c>GET /v1/responses/{id}/input_items</c> lists them, in OpenAI's list shape
/// (<c>object: list</c>, <c>data</c>, <c>first_id</c>, <c>last_id</c>, <c>has_more</c>): the conversation the response
/// answered (a previous response's turns and output, then its own input), each item with an id (its own, or one made
/// from the response's id and its place), a message's string content as one text part. <c>order</c> is by place in the
/// conversation (<c>desc</c>, the default, newest first); <c>after</c> is the id of the item the page starts after.
/// </summary>
public static class ResponseInputItems
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 100;

    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The page of <paramref name="conversation"/> (a stored response's, JSON text) as the list's JSON; null when <paramref name="after"/> names no item.</summary>
    public static byte[]? Page(string responseId, string conversation, string? after, int limit, bool ascending)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        var items = (JsonNode.Parse(conversation) as JsonArray ?? []).Select((item, i) => WithId(item, responseId, i)).ToList();
        if (!ascending)
        {
            items.Reverse();
        }

        var start = 0;
        if (after is not null)
        {
            var at = items.FindIndex(item => (string?)item["id"] == after);
            if (at < 0)
            {
                return null;
            }

            start = at + 1;
        }

        var page = items.Skip(start).Take(limit).ToList();
        return AnthropicJson.ToBytes((page, more: start + page.Count < items.Count), static (json, s) =>
        {
            json.WriteStartObject();
            json.WriteString("object"u8, "list"u8);
            json.WriteStartArray("data"u8);
            foreach (var item in s.page)
            {
                item.WriteTo(json);
            }

            json.WriteEndArray();
            WriteId(json, "first_id", s.page.Count > 0 ? (string?)s.page[0]["id"] : null);
            WriteId(json, "last_id", s.page.Count > 0 ? (string?)s.page[^1]["id"] : null);
            json.WriteBoolean("has_more"u8, s.more);
            json.WriteEndObject();
        });
    }

    /// <summary>An item as listed: a copy with an id, a message's string content as one text part.</summary>
    private static JsonObject WithId(JsonNode? node, string responseId, int index)
    {
        var item = node?.DeepClone() as JsonObject ?? [];
        var type = item["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : item.ContainsKey("role") ? "message" : "item";
        if (!(item["id"] is JsonValue id && id.TryGetValue<string>(out _)))
        {
            var prefix = type switch { "message" => "msg", "function_call" => "fc", "function_call_output" => "fco", _ => "item" };
            item["id"] = $"{prefix}_{responseId["resp_".Length..]}_in{index:D3}";
        }

        if (type == "message")
        {
            item["type"] = "message";
            if (item["content"] is JsonValue content && content.TryGetValue<string>(out var text))
            {
                var assistant = item["role"] is JsonValue role && role.TryGetValue<string>(out var r) && r == "assistant";
                var part = new JsonObject { ["type"] = assistant ? "output_text" : "input_text", ["text"] = text };
                if (assistant)
                {
                    part["annotations"] = new JsonArray();
                }

                item["content"] = new JsonArray(part);
            }

            item["status"] ??= "completed";
        }

        return item;
    }

    private static void WriteId(Utf8JsonWriter json, string name, string? id)
    {
        if (id is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, id);
        }
    }
}
