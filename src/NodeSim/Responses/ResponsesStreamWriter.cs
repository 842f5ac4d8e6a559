using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Writes a plan as vLLM's Responses stream (<c>event: type</c> then its JSON, each with <c>sequence_number</c> from 0):
/// <c>response.created</c> and <c>response.in_progress</c> (the in-progress response), then, as vLLM's simple
/// (non-harmony) stream does, a message item (<c>output_item.added</c>, <c>content_part.added</c>,
/// <c>output_text.delta</c> per token, <c>output_text.done</c>, <c>content_part.done</c>, <c>output_item.done</c>) or
/// one <c>function_call</c> item per call (<c>output_item.added</c>, <c>function_call_arguments.delta</c> per token,
/// <c>.done</c>, <c>output_item.done</c>); streamed items are named by a bare UUID, as vLLM names them. The stream ends
/// with <c>response.completed</c> carrying the whole response (also when it is <c>incomplete</c>), and no
/// <c>[DONE]</c>.
/// </summary>
internal sealed class ResponsesStreamWriter : IDisposable
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly ResponseObjectWriter _response;
    private readonly StringBuilder _text = new();
    private int _sequence;
    private int _outputIndex = -1;
    private int _openCall = -1;
    private string _itemId = "";

    public ResponsesStreamWriter(HttpContext context, ResponseObjectWriter response)
    {
        _pipe = context.Response.BodyWriter;
        _json = new Utf8JsonWriter((IBufferWriter<byte>)_pipe, s_options);
        _response = response;
    }

    /// <summary>The whole response as one JSON body.</summary>
    public ValueTask<FlushResult> WriteWholeAsync(ChoicePlan choice, CancellationToken ct)
    {
        _json.Reset(_pipe);
        _response.Write(_json, choice);
        _json.Flush();
        return _pipe.FlushAsync(ct);
    }

    /// <summary><c>response.created</c> and <c>response.in_progress</c>.</summary>
    public async ValueTask WriteStartAsync(CancellationToken ct)
    {
        foreach (var type in (string[])["response.created", "response.in_progress"])
        {
            Begin(type);
            _json.WritePropertyName("response");
            _response.Write(_json, null);
            await EndAsync(ct);
        }
    }

    /// <summary>One token: opens its item when it is the item's first (closing the one before), then its delta.</summary>
    public async ValueTask WriteTokenAsync(ChoicePlan choice, int token, CancellationToken ct)
    {
        if (choice.ToolCalls.Count > 0)
        {
            var (call, _) = choice.CallOf(token);
            if (call != _openCall)
            {
                await CloseAsync(choice, ct);
                await OpenCallAsync(choice.ToolCalls[call], ct);
                _openCall = call;
            }

            Begin("response.function_call_arguments.delta");
            _json.WriteString("delta", choice.Tokens[token]);
            ItemRef();
            await EndAsync(ct);
            return;
        }

        if (_outputIndex < 0)
        {
            await OpenMessageAsync(ct);
        }

        _text.Append(choice.Tokens[token]);
        Begin("response.output_text.delta");
        _json.WriteNumber("content_index", 0);
        _json.WriteString("delta", choice.Tokens[token]);
        ItemRef();
        _json.WriteStartArray("logprobs");
        _json.WriteEndArray();
        await EndAsync(ct);
    }

    /// <summary>Closes the open item, then <c>response.completed</c> with the whole response.</summary>
    public async ValueTask WriteEndAsync(ChoicePlan choice, CancellationToken ct)
    {
        await CloseAsync(choice, ct);
        Begin("response.completed");
        _json.WritePropertyName("response");
        _response.Write(_json, choice);
        await EndAsync(ct);
    }

    public void Dispose() => _json.Dispose();

    private async ValueTask OpenMessageAsync(CancellationToken ct)
    {
        _outputIndex++;
        _itemId = ResponseObjectWriter.RandomUuid();
        Begin("response.output_item.added");
        _json.WritePropertyName("item");
        ResponseObjectWriter.WriteMessage(_json, _itemId, null);
        _json.WriteNumber("output_index", _outputIndex);
        await EndAsync(ct);
        Begin("response.content_part.added");
        _json.WriteNumber("content_index", 0);
        ItemRef();
        _json.WritePropertyName("part");
        ResponseObjectWriter.WriteTextPart(_json, "");
        await EndAsync(ct);
    }

    private async ValueTask OpenCallAsync(ToolCallPlan call, CancellationToken ct)
    {
        _outputIndex++;
        _itemId = ResponseObjectWriter.RandomUuid();
        Begin("response.output_item.added");
        _json.WritePropertyName("item");
        ResponseObjectWriter.WriteCall(_json, _itemId, call, "", done: false);
        _json.WriteNumber("output_index", _outputIndex);
        await EndAsync(ct);
    }

    private async ValueTask CloseAsync(ChoicePlan choice, CancellationToken ct)
    {
        if (_outputIndex < 0)
        {
            return;
        }

        if (choice.ToolCalls.Count > 0)
        {
            if (_openCall < 0)
            {
                return;
            }

            var call = choice.ToolCalls[_openCall];
            var arguments = ResponseObjectWriter.Arguments(choice, call);
            Begin("response.function_call_arguments.done");
            _json.WriteString("arguments", arguments);
            ItemRef();
            _json.WriteString("name", call.Name);
            await EndAsync(ct);
            Begin("response.output_item.done");
            _json.WritePropertyName("item");
            ResponseObjectWriter.WriteCall(_json, _itemId, call, arguments, done: true);
            _json.WriteNumber("output_index", _outputIndex);
            await EndAsync(ct);
            _openCall = -1;
            return;
        }

        var text = _text.ToString();
        Begin("response.output_text.done");
        _json.WriteNumber("content_index", 0);
        ItemRef();
        _json.WriteStartArray("logprobs");
        _json.WriteEndArray();
        _json.WriteString("text", text);
        await EndAsync(ct);
        Begin("response.content_part.done");
        _json.WriteNumber("content_index", 0);
        ItemRef();
        _json.WritePropertyName("part");
        ResponseObjectWriter.WriteTextPart(_json, text);
        await EndAsync(ct);
        Begin("response.output_item.done");
        _json.WritePropertyName("item");
        ResponseObjectWriter.WriteMessage(_json, _itemId, text);
        _json.WriteNumber("output_index", _outputIndex);
        await EndAsync(ct);
        _outputIndex = int.MinValue;
    }

    private void ItemRef()
    {
        _json.WriteString("item_id", _itemId);
        _json.WriteNumber("output_index", _outputIndex);
    }

    private void Begin(string type)
    {
        _pipe.Write("event: "u8);
        _pipe.Write(Encoding.UTF8.GetBytes(type));
        _pipe.Write("\ndata: "u8);
        _json.Reset(_pipe);
        _json.WriteStartObject();
        _json.WriteNumber("sequence_number", _sequence++);
        _json.WriteString("type", type);
    }

    private ValueTask<FlushResult> EndAsync(CancellationToken ct)
    {
        _json.WriteEndObject();
        _json.Flush();
        _pipe.Write("\n\n"u8);
        return _pipe.FlushAsync(ct);
    }
}
