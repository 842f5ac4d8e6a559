using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// A chat-completion request as the Messages request an Anthropic provider takes: system and developer messages as
/// <c>system</c>, turns as content blocks (<see cref="ChatToMessagesContent"/>), <c>max_completion_tokens</c> or
/// <c>max_tokens</c> as the required <c>max_tokens</c> (a default when the client gave none), <c>stop</c> as
/// <c>stop_sequences</c>, function tools as <c>input_schema</c> tools, <c>tool_choice</c> and
/// <c>parallel_tool_calls</c> in Anthropic's form, the model as named in the body (the provider's name for it), <c>user</c> as <c>metadata.user_id</c>. What Messages cannot do
/// (<c>n</c> &gt; 1, <c>response_format</c>, logprobs) is refused with a 400 rather than silently dropped.
/// </summary>
public static class ChatToMessagesTranslator
{
    /// <summary>The Messages body for a chat <paramref name="body"/>; throws <see cref="MessagesFormatException"/> naming the field.</summary>
    /// <param name="body">The chat request, already validated as JSON by the chat surface.</param>
    /// <param name="defaultMaxTokens">Messages requires <c>max_tokens</c>; this is sent when the chat client set none.</param>
    public static byte[] Translate(ReadOnlySpan<byte> body, int defaultMaxTokens)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new MessagesFormatException("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new MessagesFormatException($"The request body is not valid JSON: {ex.Message}", ex);
        }

        Refuse(request);
        var model = request["model"] is JsonValue m && m.TryGetValue<string>(out var name) && name.Length > 0 ? name : throw new MessagesFormatException("model: Field required.");
        var buffer = new ArrayBufferWriter<byte>(body.Length + 128);
        using (var json = new Utf8JsonWriter(buffer, AnthropicJson.Faithful))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteNumber("max_tokens"u8, MaxTokens(request, defaultMaxTokens));
            ChatToMessagesContent.Write(json, request["messages"]);
            if (Bool(request, "stream"))
            {
                json.WriteBoolean("stream"u8, true);
            }

            WriteStops(json, request["stop"]);
            if (request["temperature"] is JsonValue t && t.TryGetValue<double>(out var temperature))
            {
                // Chat's range is [0, 2], Messages' [0, 1]: a hotter request is as hot as the provider goes.
                json.WriteNumber("temperature"u8, Math.Clamp(temperature, 0, 1));
            }

            if (request["top_p"] is JsonValue p && p.TryGetValue<double>(out var topP))
            {
                json.WriteNumber("top_p"u8, topP);
            }

            WriteTools(json, request);
            if (request["user"] is JsonValue u && u.TryGetValue<string>(out var user))
            {
                json.WriteStartObject("metadata"u8);
                json.WriteString("user_id"u8, user);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Refuse(JsonObject request)
    {
        if (request["n"] is JsonValue n && n.TryGetValue<int>(out var choices) && choices > 1)
        {
            throw new MessagesFormatException("n: an Anthropic provider answers one choice per request (n must be 1).");
        }

        if (request["response_format"] is JsonObject format && format["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type != "text")
        {
            throw new MessagesFormatException($"response_format: '{type}' is not supported by an Anthropic provider.");
        }

        if (Bool(request, "logprobs"))
        {
            throw new MessagesFormatException("logprobs: not supported by an Anthropic provider.");
        }
    }

    private static int MaxTokens(JsonObject request, int fallback)
    {
        var node = request["max_completion_tokens"] ?? request["max_tokens"];
        if (node is null)
        {
            return fallback;
        }

        return node is JsonValue v && v.TryGetValue<int>(out var max) && max >= 1
            ? max
            : throw new MessagesFormatException("max_tokens: must be a positive integer.");
    }

    private static void WriteStops(Utf8JsonWriter json, JsonNode? stop)
    {
        if (stop is null)
        {
            return;
        }

        json.WriteStartArray("stop_sequences"u8);
        if (stop is JsonValue one && one.TryGetValue<string>(out var single))
        {
            json.WriteStringValue(single);
        }
        else if (stop is JsonArray many && many.All(s => s is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            foreach (var s in many)
            {
                json.WriteStringValue(s!.GetValue<string>());
            }
        }
        else
        {
            throw new MessagesFormatException("stop: must be a string or an array of strings.");
        }

        json.WriteEndArray();
    }

    private static void WriteTools(Utf8JsonWriter json, JsonObject request)
    {
        var tools = request["tools"] as JsonArray;
        if (tools is { Count: > 0 })
        {
            json.WriteStartArray("tools"u8);
            for (var i = 0; i < tools.Count; i++)
            {
                var function = tools[i]?["function"] as JsonObject ?? throw new MessagesFormatException($"tools[{i}].function: Field required.");
                json.WriteStartObject();
                json.WriteString("name"u8, function["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : throw new MessagesFormatException($"tools[{i}].function.name: Field required."));
                if (function["description"] is JsonValue d && d.TryGetValue<string>(out var description))
                {
                    json.WriteString("description"u8, description);
                }

                json.WritePropertyName("input_schema"u8);
                if (function["parameters"] is JsonObject schema)
                {
                    schema.WriteTo(json);
                }
                else
                {
                    // A function without parameters takes none; Messages requires a schema all the same.
                    json.WriteStartObject();
                    json.WriteString("type"u8, "object"u8);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        WriteToolChoice(json, request["tool_choice"], request["parallel_tool_calls"] is JsonValue p && p.GetValueKind() == JsonValueKind.False, tools is { Count: > 0 });
    }

    private static void WriteToolChoice(Utf8JsonWriter json, JsonNode? choice, bool serial, bool hasTools)
    {
        if (!hasTools)
        {
            return;
        }

        string type;
        string? name = null;
        switch (choice)
        {
            case null:
                if (!serial)
                {
                    return;
                }

                type = "auto";
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                type = text switch
                {
                    "auto" => "auto",
                    "required" => "any",
                    "none" => "none",
                    _ => throw new MessagesFormatException("tool_choice: must be 'auto', 'required', 'none' or a named function."),
                };
                break;
            case JsonObject named:
                type = "tool";
                name = named["function"]?["name"] is JsonValue n && n.TryGetValue<string>(out var function) ? function : throw new MessagesFormatException("tool_choice.function.name: Field required.");
                break;
            default:
                throw new MessagesFormatException("tool_choice: must be a string or an object.");
        }

        json.WriteStartObject("tool_choice"u8);
        json.WriteString("type"u8, type);
        if (name is not null)
        {
            json.WriteString("name"u8, name);
        }

        if (serial && type != "none")
        {
            json.WriteBoolean("disable_parallel_tool_use"u8, true);
        }

        json.WriteEndObject();
    }

    private static bool Bool(JsonObject request, string name) => request[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
