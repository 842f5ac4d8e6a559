using System.IO.Pipelines;
using System.Text.Json;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>
/// A chat-completion stream as Anthropic's event sequence: <c>message_start</c> and a <c>ping</c> with the node's first
/// chunk, then content blocks (<c>content_block_start</c>, <c>content_block_delta</c> with <c>text_delta</c> or
/// <c>input_json_delta</c>, <c>content_block_stop</c>): one text block per run of text, one <c>tool_use</c> block per
/// tool call; at the end <c>message_delta</c> (stop reason, usage) and <c>message_stop</c>. The node's usage chunk
/// gives the usage; a node error chunk becomes an <c>error</c> event.
/// </summary>
public sealed class MessagesStreamTranslator : ChatChunkTranslator
{
    private readonly string _messageId;
    private readonly MessagesRequestInfo _request;
    private readonly int _estimatedInputTokens;
    private readonly Utf8JsonWriter _json = new(Stream.Null, AnthropicJson.Faithful);
    private readonly Dictionary<int, int> _toolBlocks = [];
    private bool _started;
    private int _blocks;
    private BlockKind _open;
    private string? _finish;
    private string? _matchedStop;
    private long _deltas;

    /// <summary>Creates the translator of one attempt.</summary>
    /// <param name="messageId">The answer's id (<c>msg_…</c>).</param>
    /// <param name="request">The client's request.</param>
    /// <param name="estimatedInputTokens">The gateway's estimate, for <c>message_start</c> when the node sends no usage with its first chunk.</param>
    public MessagesStreamTranslator(string messageId, MessagesRequestInfo request, int estimatedInputTokens)
    {
        _messageId = messageId;
        _request = request;
        _estimatedInputTokens = estimatedInputTokens;
    }

    private enum BlockKind
    {
        None,
        Text,
        Tool,
    }

    /// <inheritdoc />
    public override void Finish(PipeWriter client)
    {
        Start(client);
        CloseBlock(client);
        var (reason, sequence) = StopReasons.Map(_finish, _matchedStop, _request.StopSequences);
        MessagesEvents.MessageDelta(client, _json, reason, sequence, InputTokens ?? _estimatedInputTokens, OutputTokens ?? _deltas);
        MessagesEvents.MessageStop(client);
    }

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
            // Not a chat chunk: nothing of it can be told in Anthropic's events (the relay counts the stream as usual).
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
                WriteError(client, error);
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
                _finish = finish.GetString();
                _matchedStop = StopReasons.MatchedStop(choice);
            }
        }
    }

    private void TranslateDelta(JsonElement delta, PipeWriter client)
    {
        if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            if (_open != BlockKind.Text)
            {
                CloseBlock(client);
                OpenBlock(client, BlockKind.Text, null, null);
            }

            _deltas++;
            MessagesEvents.Delta(client, _json, _blocks - 1, toolInput: false, text);
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
                CloseBlock(client);
                var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var nm) ? nm.GetString() : "";
                OpenBlock(client, BlockKind.Tool, id.GetString(), name);
                _toolBlocks[index] = _blocks - 1;
            }

            if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args)
                && args.ValueKind == JsonValueKind.String && args.GetString() is { Length: > 0 } partial
                && _toolBlocks.TryGetValue(index, out var block))
            {
                _deltas++;
                MessagesEvents.Delta(client, _json, block, toolInput: true, partial);
            }
        }
    }

    /// <summary>message_start and a ping, once, before anything else.</summary>
    private void Start(PipeWriter client)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        MessagesEvents.MessageStart(client, _json, _messageId, _request.Model, InputTokens ?? _estimatedInputTokens);
        MessagesEvents.Ping(client);
    }

    private void OpenBlock(PipeWriter client, BlockKind kind, string? id, string? name)
    {
        _open = kind;
        MessagesEvents.BlockStart(client, _json, _blocks++, kind == BlockKind.Tool ? id ?? "" : null, name);
    }

    private void CloseBlock(PipeWriter client)
    {
        if (_open == BlockKind.None)
        {
            return;
        }

        _open = BlockKind.None;
        MessagesEvents.BlockStop(client, _json, _blocks - 1);
    }

    private void WriteError(PipeWriter client, JsonElement error)
    {
        var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "The model server reported an error.";
        AnthropicJson.WriteEvent(client, _json, "error"u8, ("api_error", message), AnthropicErrors.WriteBody);
    }
}
