using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// An Anthropic Messages request as the chat-completion request an OpenAI-compatible engine takes: <c>system</c> as the
/// first message, content blocks as chat parts (images as <c>image_url</c>), <c>tool_use</c> blocks as <c>tool_calls</c>,
/// <c>tool_result</c> blocks as <c>tool</c> messages, <c>stop_sequences</c> as <c>stop</c>, tools and tool_choice in
/// OpenAI's form. A streamed request asks the engine for usage (with every chunk, so the first event can carry the
/// exact input tokens). <c>metadata</c>, <c>thinking</c> and the other fields an engine has no counterpart for are not sent.
/// </summary>
public static class MessagesRequestTranslator
{
    /// <summary>The chat body for a Messages <paramref name="body"/>; null with a 400 when it is not a valid Messages request.</summary>
    /// <param name="body">The client's body.</param>
    /// <param name="requireMaxTokens">Whether <c>max_tokens</c> is required (it is for a message, not for counting tokens).</param>
    /// <param name="info">What the answer's translation needs.</param>
    /// <param name="error">The client's error.</param>
    public static byte[]? Translate(ReadOnlySpan<byte> body, bool requireMaxTokens, out MessagesRequestInfo? info, out GatoError? error)
    {
        info = null;
        JsonObject request;
        try
        {
            if (JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is not JsonObject parsed)
            {
                error = Invalid("The request body must be a JSON object.");
                return null;
            }

            request = parsed;
        }
        catch (JsonException ex)
        {
            error = Invalid($"The request body is not valid JSON: {ex.Message}");
            return null;
        }

        try
        {
            var buffer = new ArrayBufferWriter<byte>(body.Length + 128);
            using (var json = new Utf8JsonWriter(buffer, AnthropicJson.Faithful))
            {
                info = Write(json, request, requireMaxTokens);
            }

            error = null;
            return buffer.WrittenSpan.ToArray();
        }
        catch (MessagesFormatException ex)
        {
            error = Invalid(ex.Message);
            return null;
        }
    }

    private static MessagesRequestInfo Write(Utf8JsonWriter json, JsonObject request, bool requireMaxTokens)
    {
        var model = request["model"] is JsonValue m && m.TryGetValue<string>(out var name) && name.Length > 0
            ? name
            : throw new MessagesFormatException("model: Field required (a string).");
        json.WriteStartObject();
        json.WriteString("model"u8, model);
        json.WritePropertyName("messages"u8);
        MessagesContentTranslator.WriteMessages(json, request["system"], request["messages"]);

        if (request["max_tokens"] is JsonValue max)
        {
            json.WriteNumber("max_tokens"u8, max.TryGetValue<int>(out var tokens) && tokens >= 1 ? tokens : throw new MessagesFormatException("max_tokens: must be a positive integer."));
        }
        else if (requireMaxTokens)
        {
            throw new MessagesFormatException("max_tokens: Field required.");
        }

        if (request["stream"] is JsonValue stream)
        {
            var streamed = stream.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new MessagesFormatException("stream: must be a boolean."),
            };
            json.WriteBoolean("stream"u8, streamed);
            if (streamed)
            {
                json.WriteStartObject("stream_options"u8);
                json.WriteBoolean("include_usage"u8, true);
                json.WriteBoolean("continuous_usage_stats"u8, true);
                json.WriteEndObject();
            }
        }

        var stops = WriteStops(json, request["stop_sequences"]);
        WriteNumber(json, request, "temperature");
        WriteNumber(json, request, "top_p");
        WriteNumber(json, request, "top_k");
        MessagesToolsTranslator.Write(json, request["tools"], request["tool_choice"]);
        json.WriteEndObject();
        return new MessagesRequestInfo(model, stops);
    }

    private static string[] WriteStops(Utf8JsonWriter json, JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        var stops = node is JsonArray array && array.All(s => s is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? array.Select(s => s!.GetValue<string>()).ToArray()
            : throw new MessagesFormatException("stop_sequences: must be an array of strings.");
        json.WriteStartArray("stop"u8);
        foreach (var stop in stops)
        {
            json.WriteStringValue(stop);
        }

        json.WriteEndArray();
        return stops;
    }

    private static void WriteNumber(Utf8JsonWriter json, JsonObject request, string name)
    {
        if (request[name] is not { } node)
        {
            return;
        }

        if (node.GetValueKind() != JsonValueKind.Number)
        {
            throw new MessagesFormatException($"{name}: must be a number.");
        }

        json.WritePropertyName(name);
        node.WriteTo(json);
    }

    private static GatoError Invalid(string message) => new(ErrorKind.InvalidRequest, message, "invalid_request_error");
}
