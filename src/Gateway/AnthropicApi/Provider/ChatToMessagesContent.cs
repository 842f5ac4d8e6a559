using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// Chat <c>messages</c> as Messages' <c>system</c> and turns: system and developer messages join the system prompt;
/// a user message's text and image parts become text and image blocks (a data URL as a base64 source, any other URL
/// as a URL source); an assistant message's text becomes a text block and its <c>tool_calls</c> <c>tool_use</c>
/// blocks (arguments parsed back into the input object); a <c>tool</c> message a <c>tool_result</c> block of a user
/// turn. Consecutive messages of one role become one turn, as Messages alternates user and assistant.
/// </summary>
internal static class ChatToMessagesContent
{
    public static void Write(Utf8JsonWriter json, JsonNode? messages)
    {
        if (messages is not JsonArray list || list.Count == 0)
        {
            throw new MessagesFormatException("messages: Field required (a non-empty array).");
        }

        var system = new StringBuilder();
        var turns = new List<(string Role, List<Action<Utf8JsonWriter>> Blocks)>();
        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i] as JsonObject ?? throw new MessagesFormatException($"messages[{i}]: must be an object.");
            var role = message["role"] is JsonValue r && r.TryGetValue<string>(out var name) ? name : throw new MessagesFormatException($"messages[{i}].role: Field required.");
            if (role is "system" or "developer")
            {
                system.Append(system.Length > 0 ? "\n\n" : "").Append(Text(message["content"], i));
                continue;
            }

            var turnRole = role switch
            {
                "user" or "tool" => "user",
                "assistant" => "assistant",
                _ => throw new MessagesFormatException($"messages[{i}].role: '{role}' is not a chat role."),
            };
            if (turns.Count == 0 || turns[^1].Role != turnRole)
            {
                turns.Add((turnRole, []));
            }

            Blocks(turns[^1].Blocks, message, role, i);
        }

        if (system.Length > 0)
        {
            json.WriteString("system"u8, system.ToString());
        }

        json.WriteStartArray("messages"u8);
        foreach (var (role, blocks) in turns)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, role);
            json.WriteStartArray("content"u8);
            foreach (var block in blocks)
            {
                block(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Blocks(List<Action<Utf8JsonWriter>> blocks, JsonObject message, string role, int i)
    {
        if (role == "tool")
        {
            var id = message["tool_call_id"] is JsonValue t && t.TryGetValue<string>(out var callId) ? callId : throw new MessagesFormatException($"messages[{i}].tool_call_id: Field required.");
            var result = Text(message["content"], i);
            blocks.Add(json =>
            {
                json.WriteStartObject();
                json.WriteString("type"u8, "tool_result"u8);
                json.WriteString("tool_use_id"u8, id);
                json.WriteString("content"u8, result);
                json.WriteEndObject();
            });
            return;
        }

        switch (message["content"])
        {
            case JsonValue v when v.TryGetValue<string>(out var text):
                if (text.Length > 0)
                {
                    blocks.Add(json => TextBlock(json, text));
                }

                break;
            case JsonArray parts:
                for (var p = 0; p < parts.Count; p++)
                {
                    blocks.Add(Part(parts[p] as JsonObject ?? throw new MessagesFormatException($"messages[{i}].content[{p}]: must be an object."), i, p));
                }

                break;
        }

        if (role == "assistant" && message["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls)
            {
                var function = call?["function"] as JsonObject ?? throw new MessagesFormatException($"messages[{i}].tool_calls: each needs a function.");
                var id = call!["id"] is JsonValue c && c.TryGetValue<string>(out var callId) ? callId : throw new MessagesFormatException($"messages[{i}].tool_calls.id: Field required.");
                var name = function["name"] is JsonValue n && n.TryGetValue<string>(out var fn) ? fn : throw new MessagesFormatException($"messages[{i}].tool_calls.function.name: Field required.");
                var arguments = function["arguments"] is JsonValue a && a.TryGetValue<string>(out var args) ? args : null;
                blocks.Add(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("type"u8, "tool_use"u8);
                    json.WriteString("id"u8, id);
                    json.WriteString("name"u8, name);
                    json.WritePropertyName("input"u8);
                    MessagesAnswerTranslator.WriteInput(json, arguments);
                    json.WriteEndObject();
                });
            }
        }
    }

    private static Action<Utf8JsonWriter> Part(JsonObject part, int i, int p)
    {
        var type = part["type"] is JsonValue t && t.TryGetValue<string>(out var kind) ? kind : null;
        switch (type)
        {
            case "text":
                var text = part["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new MessagesFormatException($"messages[{i}].content[{p}].text: Field required.");
                return json => TextBlock(json, text);
            case "image_url":
                var url = part["image_url"]?["url"] is JsonValue u && u.TryGetValue<string>(out var address) ? address : throw new MessagesFormatException($"messages[{i}].content[{p}].image_url.url: Field required.");
                return json => ImageBlock(json, url);
            default:
                throw new MessagesFormatException($"messages[{i}].content[{p}].type: '{type}' cannot be sent to an Anthropic provider.");
        }
    }

    private static void TextBlock(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, text);
        json.WriteEndObject();
    }

    /// <summary>A data URL (<c>data:image/png;base64,…</c>) as a base64 source, anything else as a URL source.</summary>
    private static void ImageBlock(Utf8JsonWriter json, string url)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "image"u8);
        json.WriteStartObject("source"u8);
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (url.StartsWith("data:", StringComparison.Ordinal) && comma > 0 && url.AsSpan(0, comma).EndsWith(";base64", StringComparison.Ordinal))
        {
            json.WriteString("type"u8, "base64"u8);
            json.WriteString("media_type"u8, url.AsSpan(5, comma - 5 - ";base64".Length));
            json.WriteString("data"u8, url.AsSpan(comma + 1));
        }
        else
        {
            json.WriteString("type"u8, "url"u8);
            json.WriteString("url"u8, url);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A message's content as plain text: a string, or its text parts joined.</summary>
    private static string Text(JsonNode? content, int i) => content switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Join("\n", parts.Select(p => p?["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0)),
        _ => throw new MessagesFormatException($"messages[{i}].content: must be a string or an array of parts."),
    };
}
