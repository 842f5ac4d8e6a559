using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// Responses function tools (<c>{type: function, name, description, parameters, strict}</c>, flat) as chat's nested
/// function tools, and <c>tool_choice</c> (<c>auto</c>, <c>none</c>, <c>required</c>, <c>{type: function, name}</c>) as
/// chat's. The tools OpenAI runs itself (web search, file search, computer use, code interpreter…) are refused.
/// </summary>
internal static class ResponsesToolsTranslator
{
    public static void Write(Utf8JsonWriter json, JsonNode? tools, JsonNode? toolChoice)
    {
        if (tools is not null)
        {
            var list = tools as JsonArray ?? throw new ResponsesFormatException("tools", "tools: must be an array.");
            json.WriteStartArray("tools"u8);
            for (var i = 0; i < list.Count; i++)
            {
                WriteTool(json, list[i] as JsonObject ?? throw new ResponsesFormatException($"tools[{i}]", $"tools[{i}]: must be an object."), i);
            }

            json.WriteEndArray();
        }

        switch (toolChoice)
        {
            case null:
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is "auto" or "none" or "required":
                json.WriteString("tool_choice"u8, v.GetValue<string>());
                return;
            case JsonObject o when ResponsesInputTranslator.Text(o, "type") == "function":
                var name = ResponsesInputTranslator.Text(o, "name") ?? throw new ResponsesFormatException("tool_choice.name", "tool_choice.name: Field required for type 'function'.");
                json.WriteStartObject("tool_choice"u8);
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, name);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            default:
                throw new ResponsesFormatException("tool_choice", "tool_choice: must be 'auto', 'none', 'required' or {\"type\": \"function\", \"name\": …}.");
        }
    }

    private static void WriteTool(Utf8JsonWriter json, JsonObject tool, int index)
    {
        var type = ResponsesInputTranslator.Text(tool, "type");
        if (type != "function")
        {
            throw new ResponsesFormatException($"tools[{index}].type", $"tools[{index}].type: '{type}' is not supported here; this gateway serves function tools only.");
        }

        var name = ResponsesInputTranslator.Text(tool, "name") is { Length: > 0 } toolName
            ? toolName
            : throw new ResponsesFormatException($"tools[{index}].name", $"tools[{index}].name: Field required.");
        json.WriteStartObject();
        json.WriteString("type"u8, "function"u8);
        json.WriteStartObject("function"u8);
        json.WriteString("name"u8, name);
        if (ResponsesInputTranslator.Text(tool, "description") is { } description)
        {
            json.WriteString("description"u8, description);
        }

        if (tool["parameters"] is JsonObject parameters)
        {
            json.WritePropertyName("parameters"u8);
            parameters.WriteTo(json);
        }
        else if (tool["parameters"] is not null)
        {
            throw new ResponsesFormatException($"tools[{index}].parameters", $"tools[{index}].parameters: must be a JSON schema object.");
        }

        if (tool["strict"] is JsonValue strict && strict.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            json.WriteBoolean("strict"u8, strict.GetValueKind() == JsonValueKind.True);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
