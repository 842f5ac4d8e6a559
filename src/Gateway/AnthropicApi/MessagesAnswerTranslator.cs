using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// A chat completion as a Messages answer: the first choice's text as a text block and its tool calls as
/// <c>tool_use</c> blocks (the arguments parsed back into the input object), the finish reason as <c>stop_reason</c>,
/// usage as <c>input_tokens</c> and <c>output_tokens</c>.
/// </summary>
public static class MessagesAnswerTranslator
{
    /// <summary>The Messages body for a chat completion; <paramref name="messageId"/> is the answer's id (<c>msg_…</c>).</summary>
    public static byte[] Translate(ReadOnlySpan<byte> completion, string messageId, MessagesRequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reader = new Utf8JsonReader(completion);
        using var doc = JsonDocument.ParseValue(ref reader);
        return AnthropicJson.ToBytes((doc.RootElement, messageId, request), static (json, s) => Write(json, s.RootElement, s.messageId, s.request));
    }

    private static void Write(Utf8JsonWriter json, JsonElement root, string messageId, MessagesRequestInfo request)
    {
        var choice = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
            ? choices[0]
            : default;
        var message = choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("message", out var m) ? m : default;
        json.WriteStartObject();
        json.WriteString("id"u8, messageId);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, request.Model);
        json.WriteStartArray("content"u8);
        if (message.ValueKind == JsonValueKind.Object)
        {
            WriteBlocks(json, message);
        }

        json.WriteEndArray();
        var finish = choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var (reason, sequence) = StopReasons.Map(finish, choice.ValueKind == JsonValueKind.Object ? StopReasons.MatchedStop(choice) : null, request.StopSequences);
        json.WriteString("stop_reason"u8, reason);
        if (sequence is null)
        {
            json.WriteNull("stop_sequence"u8);
        }
        else
        {
            json.WriteString("stop_sequence"u8, sequence);
        }

        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, UsageOf(root, "prompt_tokens"));
        json.WriteNumber("output_tokens"u8, UsageOf(root, "completion_tokens"));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteBlocks(Utf8JsonWriter json, JsonElement message)
    {
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, text);
            json.WriteEndObject();
        }

        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var call in calls.EnumerateArray())
        {
            var function = call.GetProperty("function");
            json.WriteStartObject();
            json.WriteString("type"u8, "tool_use"u8);
            json.WriteString("id"u8, call.TryGetProperty("id", out var id) ? id.GetString() : "");
            json.WriteString("name"u8, function.GetProperty("name").GetString());
            json.WritePropertyName("input"u8);
            WriteInput(json, function.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.String ? args.GetString() : null);
            json.WriteEndObject();
        }
    }

    /// <summary>The arguments as the input object; arguments that are not a JSON object (a model's slip) become an empty one.</summary>
    internal static void WriteInput(Utf8JsonWriter json, string? arguments)
    {
        if (!string.IsNullOrWhiteSpace(arguments))
        {
            try
            {
                using var input = JsonDocument.Parse(arguments);
                if (input.RootElement.ValueKind == JsonValueKind.Object)
                {
                    input.RootElement.WriteTo(json);
                    return;
                }
            }
            catch (JsonException)
            {
                // Not JSON: Messages' input must be an object, so the call is reported with an empty one below.
                json.WriteStartObject();
                json.WriteEndObject();
                return;
            }
        }

        json.WriteStartObject();
        json.WriteEndObject();
    }

    private static long UsageOf(JsonElement root, string field) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty(field, out var value) && value.TryGetInt64(out var n) ? n : 0;
}
