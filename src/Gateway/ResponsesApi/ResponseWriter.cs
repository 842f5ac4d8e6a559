using System.Text.Json;
using GatoLink.Gateway.AnthropicApi;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// Writes OpenAI's response object (<c>object: "response"</c>) and its output items, as a whole answer, as stored and
/// inside the stream's <c>response.*</c> events. The request's settings are echoed as OpenAI does.
/// </summary>
public static class ResponseWriter
{
    /// <summary>The final response object of <paramref name="draft"/>, as bytes.</summary>
    public static byte[] ToBytes(ResponseDraft draft, ResponsesRequestInfo request) =>
        AnthropicJson.ToBytes((draft, request), static (json, s) => Write(json, s.draft, s.request, final: true));

    /// <summary>The response; <paramref name="final"/> false is the in-progress one a stream starts with (no output, no usage).</summary>
    public static void Write(Utf8JsonWriter json, ResponseDraft draft, ResponsesRequestInfo request, bool final)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(request);
        json.WriteStartObject();
        json.WriteString("id"u8, draft.Id);
        json.WriteString("object"u8, "response"u8);
        json.WriteNumber("created_at"u8, draft.CreatedAt);
        json.WriteString("status"u8, !final ? "in_progress" : draft.HitOutputLimit ? "incomplete" : "completed");
        json.WriteNull("error"u8);
        if (final && draft.HitOutputLimit)
        {
            json.WriteStartObject("incomplete_details"u8);
            json.WriteString("reason"u8, "max_output_tokens"u8);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("incomplete_details"u8);
        }

        WriteStringOrNull(json, "instructions", request.Instructions);
        WriteNumberOrNull(json, "max_output_tokens", request.MaxOutputTokens);
        json.WriteString("model"u8, request.Model);
        json.WriteStartArray("output"u8);
        if (final)
        {
            foreach (var item in draft.Output)
            {
                WriteItem(json, item, done: true);
            }
        }

        json.WriteEndArray();
        json.WriteBoolean("parallel_tool_calls"u8, request.ParallelToolCalls);
        WriteStringOrNull(json, "previous_response_id", request.PreviousResponseId);
        json.WriteBoolean("store"u8, request.Store);
        WriteNumberOrNull(json, "temperature", request.Temperature);
        json.WriteStartObject("text"u8);
        json.WriteStartObject("format"u8);
        json.WriteString("type"u8, "text"u8);
        json.WriteEndObject();
        json.WriteEndObject();
        WriteRaw(json, "tool_choice", request.ToolChoice ?? "\"auto\"");
        WriteRaw(json, "tools", request.Tools ?? "[]");
        WriteNumberOrNull(json, "top_p", request.TopP);
        json.WriteString("truncation"u8, "disabled"u8);
        if (final)
        {
            json.WriteStartObject("usage"u8);
            json.WriteNumber("input_tokens"u8, draft.InputTokens);
            json.WriteStartObject("input_tokens_details"u8);
            json.WriteNumber("cached_tokens"u8, 0);
            json.WriteEndObject();
            json.WriteNumber("output_tokens"u8, draft.OutputTokens);
            json.WriteStartObject("output_tokens_details"u8);
            json.WriteNumber("reasoning_tokens"u8, 0);
            json.WriteEndObject();
            json.WriteNumber("total_tokens"u8, draft.InputTokens + draft.OutputTokens);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("usage"u8);
        }

        WriteRaw(json, "metadata", request.Metadata ?? "{}");
        json.WriteEndObject();
    }

    /// <summary>One output item; <paramref name="done"/> false is the item as a stream adds it (no text yet).</summary>
    public static void WriteItem(Utf8JsonWriter json, ResponseOutputItem item, bool done)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(item);
        json.WriteStartObject();
        json.WriteString("id"u8, item.Id);
        if (item.IsFunctionCall)
        {
            json.WriteString("type"u8, "function_call"u8);
            json.WriteString("status"u8, done ? "completed"u8 : "in_progress"u8);
            json.WriteString("call_id"u8, item.CallId);
            json.WriteString("name"u8, item.Name);
            json.WriteString("arguments"u8, done ? item.Text.ToString() : "");
            json.WriteEndObject();
            return;
        }

        json.WriteString("type"u8, "message"u8);
        json.WriteString("status"u8, done ? "completed"u8 : "in_progress"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteStartArray("content"u8);
        if (done)
        {
            WriteTextPart(json, item.Text.ToString());
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An <c>output_text</c> content part.</summary>
    public static void WriteTextPart(Utf8JsonWriter json, string text)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type"u8, "output_text"u8);
        json.WriteString("text"u8, text);
        json.WriteStartArray("annotations"u8);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteRaw(Utf8JsonWriter json, string name, string rawJson)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(rawJson, skipInputValidation: true);
    }
}
