using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// Messages' client tools (<c>name</c>, <c>description</c>, <c>input_schema</c>) as chat function tools, and its
/// <c>tool_choice</c> (<c>auto</c>, <c>any</c>, <c>tool</c>, <c>none</c>, <c>disable_parallel_tool_use</c>) as chat's
/// <c>tool_choice</c> and <c>parallel_tool_calls</c>. Anthropic's server tools (web search, code execution, …) run at
/// Anthropic, not on an engine: they are refused.
/// </summary>
internal static class MessagesToolsTranslator
{
    public static void Write(Utf8JsonWriter json, JsonNode? tools, JsonNode? toolChoice)
    {
        if (tools is not null)
        {
            var list = tools as JsonArray ?? throw new MessagesFormatException("tools: must be an array.");
            json.WriteStartArray("tools"u8);
            for (var i = 0; i < list.Count; i++)
            {
                WriteTool(json, list[i] as JsonObject ?? throw new MessagesFormatException($"tools.{i}: must be an object."), i);
            }

            json.WriteEndArray();
        }

        if (toolChoice is null)
        {
            return;
        }

        var choice = toolChoice as JsonObject ?? throw new MessagesFormatException("tool_choice: must be an object.");
        var type = choice["type"] is JsonValue t && t.TryGetValue<string>(out var kind) ? kind : null;
        switch (type)
        {
            case "auto":
                json.WriteString("tool_choice"u8, "auto"u8);
                break;
            case "any":
                json.WriteString("tool_choice"u8, "required"u8);
                break;
            case "none":
                json.WriteString("tool_choice"u8, "none"u8);
                break;
            case "tool":
                var name = choice["name"] is JsonValue n && n.TryGetValue<string>(out var toolName) ? toolName : throw new MessagesFormatException("tool_choice.name: Field required for type 'tool'.");
                json.WriteStartObject("tool_choice"u8);
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, name);
                json.WriteEndObject();
                json.WriteEndObject();
                break;
            default:
                throw new MessagesFormatException("tool_choice.type: must be one of 'auto', 'any', 'tool', 'none'.");
        }

        if (choice["disable_parallel_tool_use"] is JsonValue p && p.GetValueKind() == JsonValueKind.True)
        {
            json.WriteBoolean("parallel_tool_calls"u8, false);
        }
    }

    private static void WriteTool(Utf8JsonWriter json, JsonObject tool, int index)
    {
        if (tool["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type != "custom")
        {
            throw new MessagesFormatException($"tools.{index}.type: '{type}' is a tool Anthropic runs itself; this gateway serves client tools only.");
        }

        var name = tool["name"] is JsonValue n && n.TryGetValue<string>(out var toolName) && toolName.Length > 0
            ? toolName
            : throw new MessagesFormatException($"tools.{index}.name: Field required.");
        var schema = tool["input_schema"] as JsonObject ?? throw new MessagesFormatException($"tools.{index}.input_schema: Field required (an object).");
        json.WriteStartObject();
        json.WriteString("type"u8, "function"u8);
        json.WriteStartObject("function"u8);
        json.WriteString("name"u8, name);
        if (tool["description"] is JsonValue d && d.TryGetValue<string>(out var description))
        {
            json.WriteString("description"u8, description);
        }

        json.WritePropertyName("parameters"u8);
        schema.WriteTo(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
