using System.Buffers;
using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>Anthropic's stream events, each written as <c>event: type</c> and its JSON data (the type repeated inside, as Anthropic does).</summary>
internal static class MessagesEvents
{
    public static void MessageStart(IBufferWriter<byte> output, Utf8JsonWriter json, string messageId, string model, long inputTokens) =>
        AnthropicJson.WriteEvent(output, json, "message_start"u8, (messageId, model, inputTokens), static (json, s) =>
        {
            Open(json, "message_start"u8);
            json.WriteStartObject("message"u8);
            json.WriteString("id"u8, s.messageId);
            json.WriteString("type"u8, "message"u8);
            json.WriteString("role"u8, "assistant"u8);
            json.WriteString("model"u8, s.model);
            json.WriteStartArray("content"u8);
            json.WriteEndArray();
            WriteStop(json, null, null);
            WriteUsage(json, s.inputTokens, 0);
            json.WriteEndObject();
            json.WriteEndObject();
        });

    public static void Ping(IBufferWriter<byte> output) => Bare(output, "ping"u8);

    public static void MessageStop(IBufferWriter<byte> output) => Bare(output, "message_stop"u8);

    /// <summary>Starts a text block (<paramref name="toolId"/> null) or a tool_use block.</summary>
    public static void BlockStart(IBufferWriter<byte> output, Utf8JsonWriter json, int index, string? toolId, string? toolName) =>
        AnthropicJson.WriteEvent(output, json, "content_block_start"u8, (index, toolId, toolName), static (json, s) =>
        {
            Open(json, "content_block_start"u8);
            json.WriteNumber("index"u8, s.index);
            json.WriteStartObject("content_block"u8);
            if (s.toolId is null)
            {
                json.WriteString("type"u8, "text"u8);
                json.WriteString("text"u8, ""u8);
            }
            else
            {
                json.WriteString("type"u8, "tool_use"u8);
                json.WriteString("id"u8, s.toolId);
                json.WriteString("name"u8, s.toolName);
                json.WriteStartObject("input"u8);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        });

    public static void BlockStop(IBufferWriter<byte> output, Utf8JsonWriter json, int index) =>
        AnthropicJson.WriteEvent(output, json, "content_block_stop"u8, index, static (json, index) =>
        {
            Open(json, "content_block_stop"u8);
            json.WriteNumber("index"u8, index);
            json.WriteEndObject();
        });

    /// <summary>A <c>text_delta</c> (text) or an <c>input_json_delta</c> (a piece of a tool's input JSON).</summary>
    public static void Delta(IBufferWriter<byte> output, Utf8JsonWriter json, int index, bool toolInput, string value) =>
        AnthropicJson.WriteEvent(output, json, "content_block_delta"u8, (index, toolInput, value), static (json, s) =>
        {
            Open(json, "content_block_delta"u8);
            json.WriteNumber("index"u8, s.index);
            json.WriteStartObject("delta"u8);
            json.WriteString("type"u8, s.toolInput ? "input_json_delta"u8 : "text_delta"u8);
            json.WriteString(s.toolInput ? "partial_json"u8 : "text"u8, s.value);
            json.WriteEndObject();
            json.WriteEndObject();
        });

    public static void MessageDelta(IBufferWriter<byte> output, Utf8JsonWriter json, string reason, string? sequence, long inputTokens, long outputTokens) =>
        AnthropicJson.WriteEvent(output, json, "message_delta"u8, (reason, sequence, inputTokens, outputTokens), static (json, s) =>
        {
            Open(json, "message_delta"u8);
            json.WriteStartObject("delta"u8);
            WriteStop(json, s.reason, s.sequence);
            json.WriteEndObject();
            WriteUsage(json, s.inputTokens, s.outputTokens);
            json.WriteEndObject();
        });

    /// <summary>An event whose data is its type alone.</summary>
    private static void Bare(IBufferWriter<byte> output, ReadOnlySpan<byte> type)
    {
        output.Write("event: "u8);
        output.Write(type);
        output.Write("\ndata: {\"type\":\""u8);
        output.Write(type);
        output.Write("\"}\n\n"u8);
    }

    private static void Open(Utf8JsonWriter json, ReadOnlySpan<byte> type)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, type);
    }

    private static void WriteStop(Utf8JsonWriter json, string? reason, string? sequence)
    {
        json.WriteString("stop_reason"u8, reason);
        json.WriteString("stop_sequence"u8, sequence);
    }

    private static void WriteUsage(Utf8JsonWriter json, long inputTokens, long outputTokens)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, inputTokens);
        json.WriteNumber("output_tokens"u8, outputTokens);
        json.WriteEndObject();
    }
}
