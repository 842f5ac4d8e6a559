using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Writes vLLM's <c>ResponsesResponse</c> (its fields in vLLM's order, <c>store</c> absent as vLLM's model has none),
/// its output items as <c>_make_response_output_items</c> builds them (a <c>msg_</c> message with one
/// <c>output_text</c> part when there is text, one <c>fc_</c> <c>function_call</c> per call) and its usage
/// (<c>input_tokens</c>, <c>output_tokens</c>, <c>total_tokens</c> with vLLM's per-turn details).
/// </summary>
internal sealed class ResponseObjectWriter(GenerationRequest request, ResponsesEcho echo, string id, long createdAt, int maxOutputTokens)
{
    /// <summary>The response's id (<c>resp_</c> and a random hex UUID).</summary>
    public string Id => id;

    /// <summary>vLLM's <c>random_uuid()</c>: a UUID4 as 32 hex digits.</summary>
    public static string RandomUuid() => Guid.NewGuid().ToString("N");

    /// <summary>The response object; <paramref name="choice"/> null is the in-progress one a stream starts with (no output, no usage).</summary>
    public void Write(Utf8JsonWriter json, ChoicePlan? choice)
    {
        var incomplete = choice is { Finish: FinishReason.Length };
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteNumber("created_at", createdAt);
        if (incomplete)
        {
            json.WriteStartObject("incomplete_details");
            json.WriteString("reason", "max_output_tokens");
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("incomplete_details");
        }

        WriteStringOrNull(json, "instructions", echo.Instructions);
        WriteElementOr(json, "metadata", echo.Metadata, null);
        json.WriteString("model", request.Model);
        json.WriteString("object", "response");
        json.WriteStartArray("output");
        if (choice is not null)
        {
            WriteOutput(json, choice);
        }

        json.WriteEndArray();
        json.WriteBoolean("parallel_tool_calls", echo.ParallelToolCalls);
        json.WriteNumber("temperature", echo.Temperature);
        WriteElementOr(json, "tool_choice", echo.ToolChoice, "\"auto\"");
        WriteElementOr(json, "tools", echo.Tools, "[]");
        json.WriteNumber("top_p", echo.TopP);
        json.WriteBoolean("background", false);
        json.WriteNumber("max_output_tokens", maxOutputTokens);
        json.WriteNull("max_tool_calls");
        json.WriteNull("previous_response_id");
        json.WriteNull("prompt");
        json.WriteNull("reasoning");
        json.WriteString("service_tier", "auto");
        json.WriteString("status", choice is null ? "in_progress" : incomplete ? "incomplete" : "completed");
        WriteElementOr(json, "text", echo.Text, null);
        json.WriteNumber("top_logprobs", 0);
        json.WriteString("truncation", "disabled");
        if (choice is null)
        {
            json.WriteNull("usage");
        }
        else
        {
            WriteUsage(json, choice.Tokens.Count);
        }

        WriteStringOrNull(json, "user", echo.User);
        json.WriteNull("input_messages");
        json.WriteNull("output_messages");
        json.WriteEndObject();
    }

    /// <summary>A message item; <paramref name="text"/> null is the empty in-progress item a stream adds.</summary>
    public static void WriteMessage(Utf8JsonWriter json, string itemId, string? text)
    {
        json.WriteStartObject();
        json.WriteString("id", itemId);
        json.WriteStartArray("content");
        if (text is not null)
        {
            WriteTextPart(json, text);
        }

        json.WriteEndArray();
        json.WriteString("role", "assistant");
        json.WriteString("status", text is null ? "in_progress" : "completed");
        json.WriteString("type", "message");
        json.WriteEndObject();
    }

    /// <summary>An <c>output_text</c> part.</summary>
    public static void WriteTextPart(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteStartArray("annotations");
        json.WriteEndArray();
        json.WriteString("text", text);
        json.WriteString("type", "output_text");
        json.WriteStartArray("logprobs");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A <c>function_call</c> item.</summary>
    public static void WriteCall(Utf8JsonWriter json, string itemId, ToolCallPlan call, string arguments, bool done)
    {
        json.WriteStartObject();
        json.WriteString("arguments", arguments);
        json.WriteString("call_id", call.Id);
        json.WriteString("name", call.Name);
        json.WriteString("type", "function_call");
        json.WriteString("id", itemId);
        json.WriteString("status", done ? "completed" : "in_progress");
        json.WriteEndObject();
    }

    /// <summary>The arguments of <paramref name="call"/>: its tokens joined.</summary>
    public static string Arguments(ChoicePlan choice, ToolCallPlan call)
    {
        var text = new StringBuilder();
        for (var t = call.FirstToken; t < call.FirstToken + call.TokenCount && t < choice.Tokens.Count; t++)
        {
            text.Append(choice.Tokens[t]);
        }

        return text.ToString();
    }

    private static void WriteOutput(Utf8JsonWriter json, ChoicePlan choice)
    {
        if (choice.ToolCalls.Count == 0)
        {
            if (choice.Tokens.Count > 0)
            {
                WriteMessage(json, "msg_" + RandomUuid(), string.Concat(choice.Tokens));
            }

            return;
        }

        foreach (var call in choice.ToolCalls)
        {
            WriteCall(json, "fc_" + RandomUuid(), call, Arguments(choice, call), done: true);
        }
    }

    private void WriteUsage(Utf8JsonWriter json, int outputTokens)
    {
        var input = request.PromptIds.Count;
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", input);
        json.WriteStartObject("input_tokens_details");
        json.WriteNumber("cached_tokens", 0);
        WriteTurns(json, "input_tokens_per_turn", input);
        WriteTurns(json, "cached_tokens_per_turn", 0);
        json.WriteEndObject();
        json.WriteNumber("output_tokens", outputTokens);
        json.WriteStartObject("output_tokens_details");
        json.WriteNumber("reasoning_tokens", 0);
        json.WriteNumber("tool_output_tokens", 0);
        WriteTurns(json, "output_tokens_per_turn", outputTokens);
        WriteTurns(json, "tool_output_tokens_per_turn", 0);
        json.WriteEndObject();
        json.WriteNumber("total_tokens", input + outputTokens);
        json.WriteEndObject();
    }

    private static void WriteTurns(Utf8JsonWriter json, string name, int value)
    {
        json.WriteStartArray(name);
        json.WriteNumberValue(value);
        json.WriteEndArray();
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

    private static void WriteElementOr(Utf8JsonWriter json, string name, JsonElement? value, string? fallbackJson)
    {
        json.WritePropertyName(name);
        if (value is { } element)
        {
            element.WriteTo(json);
        }
        else if (fallbackJson is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(fallbackJson);
        }
    }
}
