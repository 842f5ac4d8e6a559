using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.AnthropicApi;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// A Responses request as the chat-completion request an OpenAI-compatible engine takes: the conversation (a previous
/// response's conversation and output, then <c>input</c>) as messages after <c>instructions</c>, <c>max_output_tokens</c>
/// as <c>max_tokens</c>, function tools and <c>tool_choice</c> in chat's form, <c>text.format</c> as
/// <c>response_format</c>; a streamed request asks the engine for usage. Fields with no engine counterpart that change
/// nothing of the answer (<c>user</c>, <c>truncation</c>…) are accepted and not sent; an unknown field is a 400 naming it.
/// </summary>
public static class ResponsesRequestTranslator
{
    /// <summary>Fields accepted and not sent to the engine: they do not change what it answers.</summary>
    private static readonly HashSet<string> Ignored =
        ["user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "service_tier", "truncation", "include", "stream_options", "top_logprobs", "reasoning"];

    private static readonly HashSet<string> Known =
        ["model", "input", "instructions", "tools", "tool_choice", "parallel_tool_calls", "max_output_tokens", "temperature", "top_p",
            "stream", "store", "previous_response_id", "metadata", "text", "background"];

    /// <summary>The <c>previous_response_id</c> of a request, checked; null when it has none.</summary>
    public static string? PreviousResponseId(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request["previous_response_id"] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => v.GetValue<string>(),
            _ => throw new ResponsesFormatException("previous_response_id", "previous_response_id: must be a response id."),
        };
    }

    /// <summary>The chat body for <paramref name="request"/>, continuing <paramref name="previous"/> when given; throws <see cref="ResponsesFormatException"/>.</summary>
    /// <param name="request">The client's request.</param>
    /// <param name="previous">The conversation before it: the previous response's conversation and output items, or null.</param>
    /// <param name="info">What the answer echoes and what is stored.</param>
    public static byte[] Translate(JsonObject request, JsonArray? previous, out ResponsesRequestInfo info)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (name, _) in request)
        {
            if (!Known.Contains(name) && !Ignored.Contains(name))
            {
                throw new ResponsesFormatException(name, $"Unknown parameter: '{name}'.");
            }
        }

        var model = ResponsesInputTranslator.Text(request, "model") is { Length: > 0 } m ? m : throw new ResponsesFormatException("model", "model: Field required (a string).");
        if (request["background"] is JsonValue background && background.GetValueKind() == JsonValueKind.True)
        {
            throw new ResponsesFormatException("background", "background: background responses are not supported here.");
        }

        var conversation = previous ?? [];
        var firstInput = conversation.Count;
        AppendInput(conversation, request["input"]);
        var instructions = OptionalString(request, "instructions");
        var maxOutput = request["max_output_tokens"] switch
        {
            null => (int?)null,
            JsonValue v when v.TryGetValue<int>(out var n) && n >= 1 => n,
            _ => throw new ResponsesFormatException("max_output_tokens", "max_output_tokens: must be a positive integer."),
        };
        var stream = Bool(request, "stream", false);
        var store = Bool(request, "store", true);
        var parallel = Bool(request, "parallel_tool_calls", true);

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, AnthropicJson.Faithful))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            ResponsesInputTranslator.WriteMessages(json, instructions, conversation, firstInput);
            if (maxOutput is { } max)
            {
                json.WriteNumber("max_tokens"u8, max);
            }

            if (stream)
            {
                json.WriteBoolean("stream"u8, true);
                json.WriteStartObject("stream_options"u8);
                json.WriteBoolean("include_usage"u8, true);
                json.WriteBoolean("continuous_usage_stats"u8, true);
                json.WriteEndObject();
            }

            var temperature = WriteNumber(json, request, "temperature");
            var topP = WriteNumber(json, request, "top_p");
            ResponsesToolsTranslator.Write(json, request["tools"], request["tool_choice"]);
            if (!parallel)
            {
                json.WriteBoolean("parallel_tool_calls"u8, false);
            }

            WriteFormat(json, request["text"]);
            json.WriteEndObject();
            info = new ResponsesRequestInfo(model, instructions, maxOutput, temperature, topP, request["tools"]?.ToJsonString(AnthropicJson.FaithfulText),
                request["tool_choice"]?.ToJsonString(AnthropicJson.FaithfulText), parallel, store, PreviousResponseId(request), Metadata(request["metadata"]),
                conversation.ToJsonString(AnthropicJson.FaithfulText));
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Adds this request's <c>input</c> to the conversation: a string is one user message.</summary>
    private static void AppendInput(JsonArray conversation, JsonNode? input)
    {
        switch (input)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                conversation.Add(new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = v.GetValue<string>() });
                return;
            case JsonArray items:
                foreach (var item in items)
                {
                    conversation.Add(item?.DeepClone());
                }

                return;
            default:
                throw new ResponsesFormatException("input", "input: Field required (a string or an array of input items).");
        }
    }

    private static string? OptionalString(JsonObject request, string name) => request[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new ResponsesFormatException(name, $"{name}: must be a string."),
    };

    private static bool Bool(JsonObject request, string name, bool absent) => request[name] switch
    {
        null => absent,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => throw new ResponsesFormatException(name, $"{name}: must be a boolean."),
    };

    private static double? WriteNumber(Utf8JsonWriter json, JsonObject request, string name)
    {
        if (request[name] is not { } node)
        {
            return null;
        }

        if (node is not JsonValue v || !v.TryGetValue<double>(out var value))
        {
            throw new ResponsesFormatException(name, $"{name}: must be a number.");
        }

        json.WriteNumber(name, value);
        return value;
    }

    /// <summary><c>metadata</c>: at most 16 string values (keys up to 64 characters, values up to 512), as OpenAI allows.</summary>
    private static string? Metadata(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var metadata = node as JsonObject ?? throw new ResponsesFormatException("metadata", "metadata: must be an object of strings.");
        if (metadata.Count > 16)
        {
            throw new ResponsesFormatException("metadata", "metadata: at most 16 keys.");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > 64 || value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length > 512)
            {
                throw new ResponsesFormatException($"metadata.{key}", $"metadata.{key}: keys are at most 64 characters and values strings of at most 512.");
            }
        }

        return metadata.ToJsonString(AnthropicJson.FaithfulText);
    }

    /// <summary><c>text.format</c>: <c>text</c> (the default), <c>json_object</c> or <c>json_schema</c> as chat's <c>response_format</c>.</summary>
    private static void WriteFormat(Utf8JsonWriter json, JsonNode? text)
    {
        if (text is null)
        {
            return;
        }

        var format = (text as JsonObject ?? throw new ResponsesFormatException("text", "text: must be an object."))["format"];
        if (format is null)
        {
            return;
        }

        var formatObject = format as JsonObject ?? throw new ResponsesFormatException("text.format", "text.format: must be an object.");
        switch (ResponsesInputTranslator.Text(formatObject, "type"))
        {
            case "text":
                return;
            case "json_object":
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, "json_object"u8);
                json.WriteEndObject();
                return;
            case "json_schema":
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, "json_schema"u8);
                json.WriteStartObject("json_schema"u8);
                json.WriteString("name"u8, ResponsesInputTranslator.Text(formatObject, "name") ?? throw new ResponsesFormatException("text.format.name", "text.format.name: Field required."));
                json.WritePropertyName("schema"u8);
                (formatObject["schema"] as JsonObject ?? throw new ResponsesFormatException("text.format.schema", "text.format.schema: Field required (an object).")).WriteTo(json);
                if (formatObject["strict"] is JsonValue strict && strict.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    json.WriteBoolean("strict"u8, strict.GetValueKind() == JsonValueKind.True);
                }

                json.WriteEndObject();
                json.WriteEndObject();
                return;
            default:
                throw new ResponsesFormatException("text.format.type", "text.format.type: must be 'text', 'json_object' or 'json_schema'.");
        }
    }
}
