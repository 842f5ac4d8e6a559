using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// A Messages client on a node that speaks Messages: the client's own body goes upstream (the model and
/// <c>max_tokens</c> as admission settled them), the node's message and events come back untranslated, read only
/// for usage: <c>message_start</c>'s input, each <c>content_block_delta</c> a forwarded token, <c>message_delta</c>'s
/// cumulative counts the final usage, <c>message_stop</c> the end (held back until the usage is durable), an
/// <c>error</c> event the node's error. One per attempt.
/// </summary>
public sealed class AnthropicPassThrough(byte[] clientBody) : NodeProtocol
{
    private static readonly byte[] s_stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"u8.ToArray();
    private MessagesUsage _usage;

    /// <inheritdoc />
    public override string Path(InferenceCall call) => "v1/messages";

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Body(InferenceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = JsonNode.Parse(clientBody) as JsonObject ?? throw new MessagesFormatException("The request body must be a JSON object.");
        using var settled = JsonDocument.Parse(call.UpstreamBody);
        // The model's name at the node (an alias resolved) and the output cap admission reserved for.
        body["model"] = settled.RootElement.GetProperty("model").GetString();
        if (settled.RootElement.TryGetProperty("max_tokens", out var max) && max.TryGetInt32(out var tokens))
        {
            body["max_tokens"] = tokens;
        }

        return JsonSerializer.SerializeToUtf8Bytes(body, AnthropicJson.FaithfulText);
    }

    /// <inheritdoc />
    public override (string Name, string Value)? Header => ("anthropic-version", AnthropicNodeProtocol.ApiVersion);

    /// <inheritdoc />
    public override bool Native => true;

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> NativeEnd => s_stop;

    /// <inheritdoc />
    public override ChunkInfo ReadAnswer(ReadOnlySpan<byte> answer)
    {
        var reader = new Utf8JsonReader(answer);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.TryGetProperty("type", out var type) && type.ValueEquals("error"u8))
        {
            return new ChunkInfo { IsError = true };
        }

        return Final(MessagesUsage.Read(root.TryGetProperty("usage", out var usage) ? usage : default));
    }

    /// <inheritdoc />
    public override NativeEvent ReadEvent(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        using var doc = JsonDocument.ParseValue(ref reader);
        var evt = doc.RootElement;
        switch (evt.TryGetProperty("type", out var t) ? t.GetString() : null)
        {
            case "message_start" when evt.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var start):
                _usage = MessagesUsage.Read(start);
                return default;
            case "content_block_delta":
                return new NativeEvent(new ChunkInfo { HasChoices = true, TokenChoices = 1 }, End: false);
            case "message_delta":
                _usage = MessagesUsage.Read(evt.TryGetProperty("usage", out var usage) ? usage : default, _usage);
                return new NativeEvent(Final(_usage), End: false);
            case "message_stop":
                return new NativeEvent(default, End: true);
            case "error":
                return new NativeEvent(new ChunkInfo { IsError = true }, End: false);
            default:
                return default;
        }
    }

    private static ChunkInfo Final(MessagesUsage usage) => new()
    {
        HasUsage = true,
        PromptTokens = (int)usage.PromptTokens,
        CompletionTokens = (int)usage.Output,
    };
}
