using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// Responses input items as chat messages: <c>instructions</c> as the first system message; a message item (role
/// user, assistant, system or developer; content a string or <c>input_text</c>/<c>output_text</c>/<c>input_image</c>
/// parts) as a chat message (developer as system, which every chat engine takes; images as <c>image_url</c>);
/// consecutive <c>function_call</c> items as one assistant message's <c>tool_calls</c> (joined to the assistant text
/// just before them); a <c>function_call_output</c> as a <c>tool</c> message. Items an engine cannot replay (reasoning,
/// file search, item references…) are refused naming the item.
/// </summary>
internal static class ResponsesInputTranslator
{
    public static void WriteMessages(Utf8JsonWriter json, string? instructions, JsonArray conversation, int firstInputIndex)
    {
        var messages = new List<JsonObject>(conversation.Count + 1);
        if (instructions is not null)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = instructions });
        }

        for (var i = 0; i < conversation.Count; i++)
        {
            // Items of the stored conversation were checked when they were sent: an error names this request's items.
            var param = i >= firstInputIndex ? $"input[{i - firstInputIndex}]" : "previous_response_id";
            var item = conversation[i] as JsonObject ?? throw new ResponsesFormatException(param, $"{param}: must be an object.");
            Add(messages, item, param);
        }

        if (messages.Count == 0)
        {
            throw new ResponsesFormatException("input", "input: must not be empty.");
        }

        json.WriteStartArray("messages"u8);
        foreach (var message in messages)
        {
            message.WriteTo(json);
        }

        json.WriteEndArray();
    }

    private static void Add(List<JsonObject> messages, JsonObject item, string param)
    {
        var type = Text(item, "type") ?? (item.ContainsKey("role") ? "message" : null);
        switch (type)
        {
            case "message":
                messages.Add(Message(item, param));
                break;
            case "function_call":
                AddCall(messages, item, param);
                break;
            case "function_call_output":
                var callId = Text(item, "call_id") ?? throw new ResponsesFormatException($"{param}.call_id", $"{param}.call_id: Field required.");
                var output = item["output"] switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    JsonArray parts => JoinText(parts, $"{param}.output"),
                    _ => throw new ResponsesFormatException($"{param}.output", $"{param}.output: must be a string."),
                };
                messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = callId, ["content"] = output });
                break;
            default:
                throw new ResponsesFormatException($"{param}.type", $"{param}.type: '{type}' is not supported here; use message, function_call or function_call_output items.");
        }
    }

    private static JsonObject Message(JsonObject item, string param)
    {
        var role = Text(item, "role") switch
        {
            "user" => "user",
            "assistant" => "assistant",
            "system" or "developer" => "system",
            var other => throw new ResponsesFormatException($"{param}.role", $"{param}.role: '{other}' must be one of 'user', 'assistant', 'system', 'developer'."),
        };
        JsonNode content = item["content"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonArray parts when role == "user" => Parts(parts, $"{param}.content"),
            JsonArray parts => JoinText(parts, $"{param}.content"),
            _ => throw new ResponsesFormatException($"{param}.content", $"{param}.content: must be a string or an array of content parts."),
        };
        return new JsonObject { ["role"] = role, ["content"] = content };
    }

    /// <summary>A user message's parts: text and images, in order.</summary>
    private static JsonArray Parts(JsonArray parts, string param)
    {
        var chat = new JsonArray();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i] as JsonObject ?? throw new ResponsesFormatException($"{param}[{i}]", $"{param}[{i}]: must be an object.");
            switch (Text(part, "type"))
            {
                case "input_text" or "output_text":
                    chat.Add(new JsonObject { ["type"] = "text", ["text"] = Text(part, "text") ?? throw new ResponsesFormatException($"{param}[{i}].text", $"{param}[{i}].text: Field required.") });
                    break;
                case "input_image":
                    var url = Text(part, "image_url") ?? throw new ResponsesFormatException($"{param}[{i}].image_url", $"{param}[{i}].image_url: Field required (a URL or data URL; file ids are not served here).");
                    var image = new JsonObject { ["url"] = url };
                    if (Text(part, "detail") is { } detail)
                    {
                        image["detail"] = detail;
                    }

                    chat.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = image });
                    break;
                case var other:
                    throw new ResponsesFormatException($"{param}[{i}].type", $"{param}[{i}].type: '{other}' must be one of 'input_text', 'output_text', 'input_image'.");
            }
        }

        return chat;
    }

    /// <summary>The text of parts that can only be text (an assistant's, a system message's, a tool output).</summary>
    private static string JoinText(JsonArray parts, string param)
    {
        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i] as JsonObject;
            var type = part is null ? null : Text(part, "type");
            if (type is not ("input_text" or "output_text" or "refusal"))
            {
                throw new ResponsesFormatException($"{param}[{i}].type", $"{param}[{i}].type: must be 'input_text' or 'output_text' here.");
            }

            text.Append(Text(part!, type == "refusal" ? "refusal" : "text"));
        }

        return text.ToString();
    }

    private static void AddCall(List<JsonObject> messages, JsonObject item, string param)
    {
        var call = new JsonObject
        {
            ["id"] = Text(item, "call_id") ?? throw new ResponsesFormatException($"{param}.call_id", $"{param}.call_id: Field required."),
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = Text(item, "name") ?? throw new ResponsesFormatException($"{param}.name", $"{param}.name: Field required."),
                ["arguments"] = Text(item, "arguments") ?? throw new ResponsesFormatException($"{param}.arguments", $"{param}.arguments: Field required (a JSON text)."),
            },
        };

        // The calls of one turn belong to the assistant message that made them.
        if (messages.Count > 0 && messages[^1] is { } last && (string?)last["role"] == "assistant")
        {
            if (last["tool_calls"] is not JsonArray calls)
            {
                calls = [];
                last["tool_calls"] = calls;
            }

            calls.Add(call);
            return;
        }

        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(call) });
    }

    internal static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
