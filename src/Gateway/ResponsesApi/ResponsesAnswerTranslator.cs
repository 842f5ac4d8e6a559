using System.Text.Json;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// A chat completion as a response's output: the first choice's text as one assistant message item and each tool call as
/// a <c>function_call</c> item (its id as <c>call_id</c>), <c>finish_reason: length</c> as status <c>incomplete</c>, and
/// the usage as <c>input_tokens</c>/<c>output_tokens</c>.
/// </summary>
public static class ResponsesAnswerTranslator
{
    /// <summary>
    /// Fills <paramref name="draft"/> from a chat completion; false when the node's body is an error object instead (no
    /// response to give or keep). Throws <see cref="JsonException"/> when it is not JSON.
    /// </summary>
    public static bool Read(ReadOnlySpan<byte> completion, ResponseDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var reader = new Utf8JsonReader(completion);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("error", out _))
        {
            return false;
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            draft.InputTokens = Count(usage, "prompt_tokens");
            draft.OutputTokens = Count(usage, "completion_tokens");
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return true;
        }

        var choice = choices[0];
        draft.HitOutputLimit = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String && finish.ValueEquals("length"u8);
        if (!choice.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            var item = ResponseOutputItem.Message(draft.ItemId("msg", draft.Output.Count));
            item.Text.Append(text);
            draft.Output.Add(item);
        }

        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        foreach (var call in calls.EnumerateArray())
        {
            var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
            var callId = call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : draft.ItemId("call", draft.Output.Count);
            var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            var item = ResponseOutputItem.FunctionCall(draft.ItemId("fc", draft.Output.Count), callId, name);
            if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.String)
            {
                item.Text.Append(args.GetString());
            }

            draft.Output.Add(item);
        }

        return true;
    }

    private static long Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var count) ? count : 0;
}
