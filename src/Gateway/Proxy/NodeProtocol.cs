using System.Buffers;
using GatoLink.Gateway.AnthropicApi.Provider;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// The protocol a node speaks, at the node's edge of an attempt, as <see cref="ClientDialect"/> is at the client's:
/// the path and body the attempt sends, and the node's answer and events as the chat completion the rest of the data
/// plane reads (usage, forwarded tokens, the client's dialect). This base is OpenAI chat, the nodes' own protocol:
/// everything passes through. <see cref="For"/> picks the protocol of a node's engine kind.
/// </summary>
public class NodeProtocol
{
    /// <summary>OpenAI-compatible engines: nothing to translate.</summary>
    public static readonly NodeProtocol Chat = new();

    /// <summary>The protocol of <paramref name="node"/> for one attempt of <paramref name="call"/>, begun at <paramref name="now"/>.</summary>
    public static NodeProtocol For(InferenceCall call, GpuNodeRecord node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(node);
        if (call.Dialect.NativeProtocol(call, node) is { } native)
        {
            return native;
        }

        if (node.Engine != EngineKind.Anthropic || call.Kind != OpenAi.InferenceKind.Chat)
        {
            return Chat;
        }

        return call.Dialect is AnthropicApi.MessagesDialect { ClientBody: { } messages }
            ? new AnthropicPassThrough(messages)
            : new AnthropicNodeProtocol(call, now.ToUnixTimeSeconds());
    }

    /// <summary>The path on the node, relative so that a base URL with a path prefix keeps it.</summary>
    public virtual string Path(InferenceCall call) => call.UpstreamPath;

    /// <summary>The body sent to the node.</summary>
    public virtual ReadOnlyMemory<byte> Body(InferenceCall call) => call.UpstreamBody;

    /// <summary>A header the protocol requires beside the node's key (Anthropic's <c>anthropic-version</c>), or null.</summary>
    public virtual (string Name, string Value)? Header => null;

    /// <summary>A node's whole successful answer as a chat completion (as it is, when <see cref="Native"/>).</summary>
    public virtual ReadOnlyMemory<byte> Answer(ReadOnlyMemory<byte> answer) => answer;

    /// <summary>
    /// The node speaks the client's own protocol: its answer and events go to the client untranslated (no client
    /// dialect, no response cache), read for usage by <see cref="ReadAnswer"/> and <see cref="ReadEvent"/>.
    /// </summary>
    public virtual bool Native => false;

    /// <summary>Tokens and usage of a whole answer as <see cref="Answer"/> returned it.</summary>
    public virtual ChunkInfo ReadAnswer(ReadOnlySpan<byte> answer) => ChunkInspector.Inspect(answer);

    /// <summary>A <see cref="Native"/> stream's event (its data): tokens, usage once final, error, and whether it ends the stream.</summary>
    public virtual NativeEvent ReadEvent(ReadOnlySpan<byte> data) => throw new NotSupportedException("Chat events are read by the relay.");

    /// <summary>
    /// What writes a <see cref="Native"/> stream's events to the client (a protocol that adjusts some of them), or null
    /// to forward them as they are.
    /// </summary>
    public virtual IStreamTranslator? NativeStream => null;

    /// <summary>A <see cref="Native"/> stream's last event, held back until the attempt's usage is durable (chat's is <c>[DONE]</c>).</summary>
    public virtual ReadOnlyMemory<byte> NativeEnd => SseRelay.Done;

    /// <summary>
    /// A node's 4xx answer about the request, in OpenAI's error shape (the shape every client dialect translates from);
    /// not called when <see cref="Native"/>: the client then speaks the node's protocol and gets its words as they are.
    /// </summary>
    public virtual ReadOnlyMemory<byte> NodeError(ReadOnlyMemory<byte> body) => body;

    /// <summary>Whether the node's stream events need <see cref="TranslateEvent"/> before the relay reads them.</summary>
    public virtual bool TranslatesEvents => false;

    /// <summary>One node event as zero or more chat SSE events, written to <paramref name="output"/>.</summary>
    public virtual void TranslateEvent(ReadOnlySpan<byte> nodeEvent, IBufferWriter<byte> output) =>
        throw new NotSupportedException("Chat events pass through untranslated.");
}
