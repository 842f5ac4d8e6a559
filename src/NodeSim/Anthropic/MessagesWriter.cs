using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Writes a plan as Anthropic writes a message: a <c>message</c> object, or the stream <c>message_start</c>,
/// <c>content_block_start</c>, <c>ping</c>, <c>content_block_delta</c> (<c>text_delta</c> or
/// <c>input_json_delta</c>, one token each), <c>content_block_stop</c>, <c>message_delta</c> (stop reason and
/// cumulative usage), <c>message_stop</c>. A tool call is a <c>tool_use</c> block of its own.
/// </summary>
internal sealed class MessagesWriter : IDisposable
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly GenerationRequest _request;
    private readonly string _id;
    private int _openBlock = -1;

    public MessagesWriter(HttpContext context, GenerationRequest request, string id)
    {
        _pipe = context.Response.BodyWriter;
        _json = new Utf8JsonWriter((IBufferWriter<byte>)_pipe, s_options);
        _request = request;
        _id = id;
    }

    /// <summary>Anthropic's <c>stop_reason</c> for a finished choice.</summary>
    public static string StopReason(ChoicePlan choice) =>
        choice.Finish == FinishReason.Length ? "max_tokens"
        : choice.StopString is not null ? "stop_sequence"
        : choice.ToolCalls.Count > 0 ? "tool_use"
        : "end_turn";

    /// <summary><c>message_start</c>: the message with no content yet; its usage counts the input and one output token, as Anthropic's does.</summary>
    public ValueTask<FlushResult> WriteStartAsync(CancellationToken ct)
    {
        Begin("message_start");
        _json.WriteStartObject("message");
        WriteHead();
        _json.WriteStartArray("content");
        _json.WriteEndArray();
        _json.WriteNull("stop_reason");
        _json.WriteNull("stop_sequence");
        WriteUsage(1);
        _json.WriteEndObject();
        return EndAsync(ct);
    }

    /// <summary>
    /// One token: opens its block when it is the block's first (closing the previous one; a <c>ping</c> follows the
    /// first block's start, where Anthropic sends it), then its delta.
    /// </summary>
    public async ValueTask WriteTokenAsync(ChoicePlan choice, int token, CancellationToken ct)
    {
        var block = choice.ToolCalls.Count > 0 ? choice.CallOf(token).CallIndex : 0;
        if (block != _openBlock)
        {
            await CloseBlockAsync(ct);
            await WriteBlockStartAsync(choice, block, ct);
        }

        Begin("content_block_delta");
        _json.WriteNumber("index", block);
        _json.WriteStartObject("delta");
        if (choice.ToolCalls.Count > 0)
        {
            _json.WriteString("type", "input_json_delta");
            _json.WriteString("partial_json", choice.Tokens[token]);
        }
        else
        {
            _json.WriteString("type", "text_delta");
            _json.WriteString("text", choice.Tokens[token]);
        }

        _json.WriteEndObject();
        await EndAsync(ct);
    }

    /// <summary>Closes the open block (opening an empty text block first when nothing was generated), then <c>message_delta</c> and <c>message_stop</c>.</summary>
    public async ValueTask WriteEndAsync(ChoicePlan choice, CancellationToken ct)
    {
        if (_openBlock < 0)
        {
            await WriteBlockStartAsync(choice, 0, ct);
        }

        await CloseBlockAsync(ct);
        Begin("message_delta");
        _json.WriteStartObject("delta");
        _json.WriteString("stop_reason", StopReason(choice));
        WriteStopSequence(choice);
        _json.WriteEndObject();
        _json.WriteStartObject("usage");
        _json.WriteNumber("output_tokens", choice.Tokens.Count);
        _json.WriteEndObject();
        await EndAsync(ct);
        Begin("message_stop");
        await EndAsync(ct);
    }

    /// <summary>The whole message as one JSON object.</summary>
    public ValueTask<FlushResult> WriteMessageAsync(ChoicePlan choice, CancellationToken ct)
    {
        _json.Reset(_pipe);
        _json.WriteStartObject();
        WriteHead();
        _json.WriteStartArray("content");
        if (choice.ToolCalls.Count == 0)
        {
            _json.WriteStartObject();
            _json.WriteString("type", "text");
            _json.WriteString("text", string.Concat(choice.Tokens));
            _json.WriteEndObject();
        }

        var input = new StringBuilder();
        foreach (var call in choice.ToolCalls)
        {
            input.Clear();
            for (var t = call.FirstToken; t < call.FirstToken + call.TokenCount; t++)
            {
                input.Append(choice.Tokens[t]);
            }

            WriteToolUse(call, input.ToString());
        }

        _json.WriteEndArray();
        _json.WriteString("stop_reason", StopReason(choice));
        WriteStopSequence(choice);
        WriteUsage(choice.Tokens.Count);
        _json.WriteEndObject();
        _json.Flush();
        return _pipe.FlushAsync(ct);
    }

    public void Dispose() => _json.Dispose();

    private async ValueTask WriteBlockStartAsync(ChoicePlan choice, int block, CancellationToken ct)
    {
        Begin("content_block_start");
        _json.WriteNumber("index", block);
        _json.WritePropertyName("content_block");
        if (choice.ToolCalls.Count > 0)
        {
            // A streamed tool_use block starts with an empty input; its JSON arrives in input_json_delta pieces.
            _json.WriteStartObject();
            _json.WriteString("type", "tool_use");
            _json.WriteString("id", choice.ToolCalls[block].Id);
            _json.WriteString("name", choice.ToolCalls[block].Name);
            _json.WriteStartObject("input");
            _json.WriteEndObject();
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteStartObject();
            _json.WriteString("type", "text");
            _json.WriteString("text", "");
            _json.WriteEndObject();
        }

        await EndAsync(ct);
        if (block == 0)
        {
            Begin("ping");
            await EndAsync(ct);
        }

        _openBlock = block;
    }

    private async ValueTask CloseBlockAsync(CancellationToken ct)
    {
        if (_openBlock < 0)
        {
            return;
        }

        Begin("content_block_stop");
        _json.WriteNumber("index", _openBlock);
        await EndAsync(ct);
        _openBlock = -1;
    }

    private void WriteToolUse(ToolCallPlan call, string input)
    {
        _json.WriteStartObject();
        _json.WriteString("type", "tool_use");
        _json.WriteString("id", call.Id);
        _json.WriteString("name", call.Name);
        _json.WritePropertyName("input");
        try
        {
            using var doc = JsonDocument.Parse(input);
            doc.RootElement.WriteTo(_json);
        }
        catch (JsonException)
        {
            // Cut by max_tokens mid-arguments: Anthropic's API returns what parses; the simulator an empty input.
            _json.WriteStartObject();
            _json.WriteEndObject();
        }

        _json.WriteEndObject();
    }

    private void WriteHead()
    {
        _json.WriteString("id", _id);
        _json.WriteString("type", "message");
        _json.WriteString("role", "assistant");
        _json.WriteString("model", _request.Model);
    }

    private void WriteStopSequence(ChoicePlan choice)
    {
        if (choice.StopString is { } stop)
        {
            _json.WriteString("stop_sequence", stop);
        }
        else
        {
            _json.WriteNull("stop_sequence");
        }
    }

    private void WriteUsage(int outputTokens)
    {
        _json.WriteStartObject("usage");
        _json.WriteNumber("input_tokens", _request.PromptIds.Count);
        _json.WriteNumber("cache_creation_input_tokens", 0);
        _json.WriteNumber("cache_read_input_tokens", 0);
        _json.WriteNumber("output_tokens", outputTokens);
        _json.WriteString("service_tier", "standard");
        _json.WriteEndObject();
    }

    private void Begin(string type)
    {
        _pipe.Write("event: "u8);
        _pipe.Write(Encoding.UTF8.GetBytes(type));
        _pipe.Write("\ndata: "u8);
        _json.Reset(_pipe);
        _json.WriteStartObject();
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
