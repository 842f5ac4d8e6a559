using System.Buffers;
using System.Text.Json;
using GatoLink.Gateway.AnthropicApi;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// Writes the Responses stream's typed events (<c>event: type</c> and its JSON with <c>type</c> and
/// <c>sequence_number</c>, numbered from 0 in the order they are sent), one stream each.
/// </summary>
internal sealed class ResponsesEventWriter
{
    private readonly Utf8JsonWriter _json = new(Stream.Null, AnthropicJson.Faithful);
    private int _sequence;

    /// <summary>Creates the writer of one stream, its first event numbered <paramref name="firstSequence"/>.</summary>
    public ResponsesEventWriter(int firstSequence = 0) => _sequence = firstSequence;

    /// <summary><c>response.created</c>, <c>response.in_progress</c>, <c>response.completed</c>, <c>response.incomplete</c>: the response object.</summary>
    public void Response(IBufferWriter<byte> output, ReadOnlySpan<byte> type, ResponseDraft draft, ResponsesRequestInfo request, bool final)
    {
        var json = Begin(output, type);
        json.WritePropertyName("response"u8);
        ResponseWriter.Write(json, draft, request, final);
        End(output);
    }

    /// <summary><c>response.output_item.added</c> or <c>.done</c>.</summary>
    public void Item(IBufferWriter<byte> output, int index, ResponseOutputItem item, bool done)
    {
        var json = Begin(output, done ? "response.output_item.done"u8 : "response.output_item.added"u8);
        json.WriteNumber("output_index"u8, index);
        json.WritePropertyName("item"u8);
        ResponseWriter.WriteItem(json, item, done);
        End(output);
    }

    /// <summary><c>response.content_part.added</c> (empty text) or <c>.done</c> (the whole text).</summary>
    public void Part(IBufferWriter<byte> output, int index, ResponseOutputItem item, bool done)
    {
        var json = Begin(output, done ? "response.content_part.done"u8 : "response.content_part.added"u8);
        ItemRef(json, index, item);
        json.WriteNumber("content_index"u8, 0);
        json.WritePropertyName("part"u8);
        ResponseWriter.WriteTextPart(json, done ? item.Text.ToString() : "");
        End(output);
    }

    /// <summary><c>response.output_text.delta</c>, or <c>response.function_call_arguments.delta</c> for a call.</summary>
    public void Delta(IBufferWriter<byte> output, int index, ResponseOutputItem item, string delta)
    {
        var json = Begin(output, item.IsFunctionCall ? "response.function_call_arguments.delta"u8 : "response.output_text.delta"u8);
        ItemRef(json, index, item);
        if (!item.IsFunctionCall)
        {
            json.WriteNumber("content_index"u8, 0);
        }

        json.WriteString("delta"u8, delta);
        if (!item.IsFunctionCall)
        {
            json.WriteStartArray("logprobs"u8);
            json.WriteEndArray();
        }

        End(output);
    }

    /// <summary><c>response.output_text.done</c> with the whole text, or <c>response.function_call_arguments.done</c> with the arguments.</summary>
    public void TextDone(IBufferWriter<byte> output, int index, ResponseOutputItem item)
    {
        var json = Begin(output, item.IsFunctionCall ? "response.function_call_arguments.done"u8 : "response.output_text.done"u8);
        ItemRef(json, index, item);
        if (item.IsFunctionCall)
        {
            json.WriteString("name"u8, item.Name);
            json.WriteString("arguments"u8, item.Text.ToString());
        }
        else
        {
            json.WriteNumber("content_index"u8, 0);
            json.WriteString("text"u8, item.Text.ToString());
            json.WriteStartArray("logprobs"u8);
            json.WriteEndArray();
        }

        End(output);
    }

    /// <summary>An <c>error</c> event: the stream ends without its response.</summary>
    public void Error(IBufferWriter<byte> output, string code, string message, string? param)
    {
        var json = Begin(output, "error"u8);
        json.WriteString("code"u8, code);
        json.WriteString("message"u8, message);
        if (param is null)
        {
            json.WriteNull("param"u8);
        }
        else
        {
            json.WriteString("param"u8, param);
        }

        End(output);
    }

    private static void ItemRef(Utf8JsonWriter json, int index, ResponseOutputItem item)
    {
        json.WriteString("item_id"u8, item.Id);
        json.WriteNumber("output_index"u8, index);
    }

    private Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> type)
    {
        output.Write("event: "u8);
        output.Write(type);
        output.Write("\ndata: "u8);
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("type"u8, type);
        _json.WriteNumber("sequence_number"u8, _sequence++);
        return _json;
    }

    private void End(IBufferWriter<byte> output)
    {
        _json.WriteEndObject();
        _json.Flush();
        output.Write("\n\n"u8);
    }
}
