using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// Messages' <c>system</c> and <c>messages</c> as one chat <c>messages</c> array. A user turn's <c>tool_result</c> blocks
/// become <c>tool</c> messages, written first (they answer the assistant turn just before); its text and image blocks
/// follow as one user message. An assistant turn's text becomes its content, its <c>tool_use</c> blocks its
/// <c>tool_calls</c>; thinking blocks are not sent (an engine cannot take them back).
/// </summary>
internal static class MessagesContentTranslator
{
    public static void WriteMessages(Utf8JsonWriter json, JsonNode? system, JsonNode? messages)
    {
        if (messages is not JsonArray turns || turns.Count == 0)
        {
            throw new MessagesFormatException("messages: Field required (a non-empty array of messages).");
        }

        json.WriteStartArray();
        if (system is not null)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, "system"u8);
            json.WriteString("content"u8, SystemText(system));
            json.WriteEndObject();
        }

        for (var i = 0; i < turns.Count; i++)
        {
            if (turns[i] is not JsonObject turn)
            {
                throw new MessagesFormatException($"messages.{i}: must be an object.");
            }

            var role = turn["role"] is JsonValue r && r.TryGetValue<string>(out var name) ? name : null;
            var content = turn["content"] ?? throw new MessagesFormatException($"messages.{i}.content: Field required.");
            switch (role)
            {
                case "user":
                    WriteUser(json, content, i);
                    break;
                case "assistant":
                    WriteAssistant(json, content, i);
                    break;
                default:
                    throw new MessagesFormatException($"messages.{i}.role: must be 'user' or 'assistant'.");
            }
        }

        json.WriteEndArray();
    }

    private static string SystemText(JsonNode system)
    {
        if (system is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        if (system is not JsonArray blocks)
        {
            throw new MessagesFormatException("system: must be a string or an array of text blocks.");
        }

        var joined = new StringBuilder();
        foreach (var block in blocks)
        {
            joined.Append(TextOf(block, "system") ?? throw new MessagesFormatException("system: only text blocks are supported."));
        }

        return joined.ToString();
    }

    private static void WriteUser(Utf8JsonWriter json, JsonNode content, int turn)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            WriteMessage(json, "user", text);
            return;
        }

        var blocks = content as JsonArray ?? throw new MessagesFormatException($"messages.{turn}.content: must be a string or an array of content blocks.");
        var parts = new List<JsonObject>(blocks.Count);
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b] as JsonObject ?? throw new MessagesFormatException($"messages.{turn}.content.{b}: must be an object.");
            switch (TypeOf(block))
            {
                case "text":
                    parts.Add(block);
                    break;
                case "image":
                    parts.Add(block);
                    break;
                case "tool_result":
                    WriteToolResult(json, block, $"messages.{turn}.content.{b}");
                    break;
                case var other:
                    throw new MessagesFormatException($"messages.{turn}.content.{b}.type: '{other}' blocks are not supported by this gateway (text, image, tool_result are).");
            }
        }

        if (parts.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        json.WriteStartArray("content"u8);
        for (var p = 0; p < parts.Count; p++)
        {
            WritePart(json, parts[p], $"messages.{turn}.content");
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter json, JsonObject block, string path)
    {
        json.WriteStartObject();
        if (TypeOf(block) == "text")
        {
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, TextOf(block, path));
        }
        else
        {
            json.WriteString("type"u8, "image_url"u8);
            json.WriteStartObject("image_url"u8);
            json.WriteString("url"u8, ImageUrl(block, path));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>A base64 image as a data URL, a URL image as its URL: the two forms chat's <c>image_url</c> takes.</summary>
    private static string ImageUrl(JsonObject block, string path)
    {
        var source = block["source"] as JsonObject ?? throw new MessagesFormatException($"{path}: an image needs a source object.");
        var kind = source["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : null;
        if (kind == "base64"
            && source["media_type"] is JsonValue mt && mt.TryGetValue<string>(out var mediaType)
            && source["data"] is JsonValue d && d.TryGetValue<string>(out var data))
        {
            return "data:" + mediaType + ";base64," + data;
        }

        if (kind == "url" && source["url"] is JsonValue u && u.TryGetValue<string>(out var url))
        {
            return url;
        }

        throw new MessagesFormatException($"{path}.source: must be a base64 source (media_type, data) or a url source.");
    }

    private static void WriteToolResult(Utf8JsonWriter json, JsonObject block, string path)
    {
        var id = block["tool_use_id"] is JsonValue v && v.TryGetValue<string>(out var toolUseId)
            ? toolUseId
            : throw new MessagesFormatException($"{path}.tool_use_id: Field required.");
        string text;
        if (block["content"] is null)
        {
            text = "";
        }
        else if (block["content"] is JsonValue c && c.TryGetValue<string>(out var plain))
        {
            text = plain;
        }
        else if (block["content"] is JsonArray inner)
        {
            text = string.Concat(inner.Select(part => TextOf(part, path) ?? throw new MessagesFormatException($"{path}.content: only text blocks are supported in a tool_result.")));
        }
        else
        {
            throw new MessagesFormatException($"{path}.content: must be a string or an array of text blocks.");
        }

        json.WriteStartObject();
        json.WriteString("role"u8, "tool"u8);
        json.WriteString("tool_call_id"u8, id);
        json.WriteString("content"u8, text);
        json.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter json, JsonNode content, int turn)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var plain))
        {
            WriteMessage(json, "assistant", plain);
            return;
        }

        var blocks = content as JsonArray ?? throw new MessagesFormatException($"messages.{turn}.content: must be a string or an array of content blocks.");
        var text = new StringBuilder();
        var calls = new List<JsonObject>();
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b] as JsonObject ?? throw new MessagesFormatException($"messages.{turn}.content.{b}: must be an object.");
            switch (TypeOf(block))
            {
                case "text":
                    text.Append(TextOf(block, $"messages.{turn}.content.{b}"));
                    break;
                case "tool_use":
                    calls.Add(block);
                    break;
                case "thinking" or "redacted_thinking":
                    break;
                case var other:
                    throw new MessagesFormatException($"messages.{turn}.content.{b}.type: '{other}' blocks are not supported in an assistant turn (text, tool_use are).");
            }
        }

        json.WriteStartObject();
        json.WriteString("role"u8, "assistant"u8);
        if (text.Length > 0 || calls.Count == 0)
        {
            json.WriteString("content"u8, text.ToString());
        }
        else
        {
            json.WriteNull("content"u8);
        }

        if (calls.Count > 0)
        {
            json.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                WriteToolCall(json, call, $"messages.{turn}.content");
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteToolCall(Utf8JsonWriter json, JsonObject block, string path)
    {
        var id = block["id"] is JsonValue i && i.TryGetValue<string>(out var callId) ? callId : throw new MessagesFormatException($"{path}: a tool_use block needs an id.");
        var name = block["name"] is JsonValue n && n.TryGetValue<string>(out var toolName) ? toolName : throw new MessagesFormatException($"{path}: a tool_use block needs a name.");
        json.WriteStartObject();
        json.WriteString("id"u8, id);
        json.WriteString("type"u8, "function"u8);
        json.WriteStartObject("function"u8);
        json.WriteString("name"u8, name);
        // Chat carries the arguments as a JSON text; Messages as the object itself.
        json.WriteString("arguments"u8, block["input"]?.ToJsonString(AnthropicJson.FaithfulText) ?? "{}");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }

    private static string? TypeOf(JsonObject block) => block["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : null;

    /// <summary>The text of a text block, null when the block is not one.</summary>
    private static string? TextOf(JsonNode? block, string path)
    {
        if (block is not JsonObject obj || TypeOf(obj) != "text")
        {
            return null;
        }

        return obj["text"] is JsonValue t && t.TryGetValue<string>(out var text) ? text : throw new MessagesFormatException($"{path}: a text block needs a text string.");
    }
}
