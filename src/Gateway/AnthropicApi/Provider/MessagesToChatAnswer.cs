using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// An Anthropic provider's message as a chat completion: text blocks joined as the content, <c>tool_use</c> blocks as
/// <c>tool_calls</c> (the input object serialized as the arguments), <c>stop_reason</c> as <c>finish_reason</c> (the
/// matched stop sequence as vLLM's <c>stop_reason</c>), usage as <see cref="MessagesUsage"/> counts it.
/// </summary>
public static class MessagesToChatAnswer
{
    /// <summary>The chat body for a Messages answer; <paramref name="id"/> is the completion's id (<c>chatcmpl-…</c>).</summary>
    public static byte[] Translate(ReadOnlySpan<byte> message, string id, long created)
    {
        var reader = new Utf8JsonReader(message);
        using var doc = JsonDocument.ParseValue(ref reader);
        return AnthropicJson.ToBytes((doc.RootElement, id, created), static (json, s) => Write(json, s.RootElement, s.id, s.created));
    }

    private static void Write(Utf8JsonWriter json, JsonElement root, string id, long created)
    {
        var text = new System.Text.StringBuilder();
        var calls = new List<JsonElement>();
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == "text" && block.TryGetProperty("text", out var piece))
                {
                    text.Append(piece.GetString());
                }
                else if (type == "tool_use")
                {
                    calls.Add(block);
                }
            }
        }

        json.WriteStartObject();
        json.WriteString("id"u8, id);
        json.WriteString("object"u8, "chat.completion"u8);
        json.WriteNumber("created"u8, created);
        json.WriteString("model"u8, root.TryGetProperty("model", out var model) ? model.GetString() : "");
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        if (text.Length == 0 && calls.Count > 0)
        {
            json.WriteNull("content"u8);
        }
        else
        {
            json.WriteString("content"u8, text.ToString());
        }

        if (calls.Count > 0)
        {
            json.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, call.GetProperty("id").GetString());
                json.WriteString("type"u8, "function"u8);
                json.WriteStartObject("function"u8);
                json.WriteString("name"u8, call.GetProperty("name").GetString());
                json.WriteString("arguments"u8, call.TryGetProperty("input", out var input) ? input.GetRawText() : "{}");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        var stop = root.TryGetProperty("stop_reason", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        json.WriteString("finish_reason"u8, StopReasons.ToFinishReason(stop));
        WriteStopSequence(json, root);
        json.WriteEndObject();
        json.WriteEndArray();
        MessagesUsage.Read(root.TryGetProperty("usage", out var usage) ? usage : default).WriteChat(json);
        json.WriteEndObject();
    }

    /// <summary>vLLM's <c>stop_reason</c>: the stop string matched, else null.</summary>
    internal static void WriteStopSequence(Utf8JsonWriter json, JsonElement holder)
    {
        if (holder.TryGetProperty("stop_sequence", out var sequence) && sequence.ValueKind == JsonValueKind.String)
        {
            json.WriteString("stop_reason"u8, sequence.GetString());
        }
        else
        {
            json.WriteNull("stop_reason"u8);
        }
    }
}
