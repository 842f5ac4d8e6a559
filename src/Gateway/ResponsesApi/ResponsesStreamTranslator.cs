using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// A chat-completion stream as the Responses event sequence: <c>response.created</c> and <c>response.in_progress</c>
/// with the node's first chunk; a message item per run of text (<c>output_item.added</c>, <c>content_part.added</c>,
/// <c>output_text.delta</c>…, <c>output_text.done</c>, <c>content_part.done</c>, <c>output_item.done</c>) and a
/// <c>function_call</c> item per tool call (<c>function_call_arguments.delta</c>…, <c>.done</c>); at the end
/// <c>response.completed</c> (or <c>response.incomplete</c> at the output limit) with the usage. A node error chunk
/// becomes an <c>error</c> event. The draft it fills is the response that is stored.
/// </summary>
public sealed class ResponsesStreamTranslator : ChatChunkTranslator
{
    private readonly ResponsesRequestInfo _request;
    private readonly ResponsesEventWriter _events = new();
    private readonly Dictionary<int, int> _toolItems = [];
    private bool _started;
    private int _open = -1;
    private long _deltas;

    /// <summary>Creates the translator of one attempt.</summary>
    /// <param name="draft">The response being built (its id and creation time).</param>
    /// <param name="request">The client's request.</param>
    /// <param name="estimatedInputTokens">The gateway's estimate, when the node sends no usage.</param>
    public ResponsesStreamTranslator(ResponseDraft draft, ResponsesRequestInfo request, int estimatedInputTokens)
    {
        Draft = draft;
        _request = request;
        Draft.InputTokens = estimatedInputTokens;
    }

    /// <summary>The response as the stream built it; complete once the node's stream is.</summary>
    public ResponseDraft Draft { get; }

    /// <inheritdoc />
    public override void Finish(PipeWriter client)
    {
        Settle();
        Start(client);
        CloseItem(client);
        _events.Response(client, Draft.HitOutputLimit ? "response.incomplete"u8 : "response.completed"u8, Draft, _request, final: true);
    }

    /// <summary>Takes the node's usage into the draft (the tokens forwarded when it sent none): the stream is complete.</summary>
    public void Settle()
    {
        Draft.InputTokens = InputTokens ?? Draft.InputTokens;
        Draft.OutputTokens = OutputTokens ?? _deltas;
    }

    /// <summary>An <c>error</c> event numbered after what this stream sent.</summary>
    public void WriteError(IBufferWriter<byte> client, string code, string message, string? param) => _events.Error(client, code, message, param);

    /// <inheritdoc />
    protected override void TranslateChunk(ReadOnlySpan<byte> data, PipeWriter client)
    {
        var reader = new Utf8JsonReader(data);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // Not a chat chunk: nothing of it can be told in Responses events (the relay counts the stream as usual).
            return;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            ReadUsage(root);
            if (root.TryGetProperty("error", out var error))
            {
                var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString()!
                    : "The model server reported an error.";
                _events.Error(client, "server_error", message, null);
                return;
            }

            Start(client);
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return;
            }

            var choice = choices[0];
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                TranslateDelta(delta, client);
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                Draft.HitOutputLimit = finish.ValueEquals("length"u8);
            }
        }
    }

    private void TranslateDelta(JsonElement delta, PipeWriter client)
    {
        if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            if (_open < 0 || Draft.Output[_open].IsFunctionCall)
            {
                CloseItem(client);
                OpenItem(client, ResponseOutputItem.Message(Draft.ItemId("msg", Draft.Output.Count)));
            }

            _deltas++;
            AppendDelta(client, _open, text);
        }

        if (!delta.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var call in calls.EnumerateArray())
        {
            var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
            var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
            if (call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                CloseItem(client);
                var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString()! : "";
                OpenItem(client, ResponseOutputItem.FunctionCall(Draft.ItemId("fc", Draft.Output.Count), id.GetString()!, name));
                _toolItems[index] = _open;
            }

            if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args)
                && args.ValueKind == JsonValueKind.String && args.GetString() is { Length: > 0 } partial
                && _toolItems.TryGetValue(index, out var item))
            {
                _deltas++;
                AppendDelta(client, item, partial);
            }
        }
    }

    private void AppendDelta(PipeWriter client, int index, string delta)
    {
        var item = Draft.Output[index];
        item.Text.Append(delta);
        _events.Delta(client, index, item, delta);
    }

    /// <summary><c>response.created</c> and <c>response.in_progress</c>, once, before anything else.</summary>
    private void Start(PipeWriter client)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _events.Response(client, "response.created"u8, Draft, _request, final: false);
        _events.Response(client, "response.in_progress"u8, Draft, _request, final: false);
    }

    private void OpenItem(PipeWriter client, ResponseOutputItem item)
    {
        Draft.Output.Add(item);
        _open = Draft.Output.Count - 1;
        _events.Item(client, _open, item, done: false);
        if (!item.IsFunctionCall)
        {
            _events.Part(client, _open, item, done: false);
        }
    }

    private void CloseItem(PipeWriter client)
    {
        if (_open < 0)
        {
            return;
        }

        var item = Draft.Output[_open];
        _events.TextDone(client, _open, item);
        if (!item.IsFunctionCall)
        {
            _events.Part(client, _open, item, done: true);
        }

        _events.Item(client, _open, item, done: true);
        _open = -1;
    }
}
