using System.Buffers;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Gateway.AnthropicApi.Provider;

/// <summary>
/// A chat request on a node that speaks Anthropic's Messages API (an <c>anthropic</c> provider): sent to
/// <c>v1/messages</c> as a Messages request with <c>anthropic-version</c>, its message or events read back as chat
/// (<see cref="MessagesToChatAnswer"/>, <see cref="MessagesToChatStream"/>). One per attempt.
/// </summary>
public sealed class AnthropicNodeProtocol : NodeProtocol
{
    /// <summary>The Messages API version this translation follows.</summary>
    public const string ApiVersion = "2023-06-01";

    /// <summary>
    /// Messages requires <c>max_tokens</c>, chat does not: a chat client that sets none gets this many at most (the
    /// limit GatoLink's admission already reserved for it when the route caps output lower is in the body already).
    /// </summary>
    public const int DefaultMaxTokens = 4096;

    private readonly string _id;
    private readonly long _created;
    private MessagesToChatStream? _stream;

    /// <summary>Creates the protocol of one attempt of <paramref name="call"/>; chat answers say <paramref name="created"/> (Unix seconds).</summary>
    public AnthropicNodeProtocol(InferenceCall call, long created)
    {
        ArgumentNullException.ThrowIfNull(call);
        _id = "chatcmpl-" + call.RequestId;
        _created = created;
    }

    /// <inheritdoc />
    public override string Path(InferenceCall call) => "v1/messages";

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Body(InferenceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ChatToMessagesTranslator.Translate(call.UpstreamBody.Span, DefaultMaxTokens);
    }

    /// <inheritdoc />
    public override (string Name, string Value)? Header => ("anthropic-version", ApiVersion);

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Answer(ReadOnlyMemory<byte> answer) => MessagesToChatAnswer.Translate(answer.Span, _id, _created);

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> NodeError(ReadOnlyMemory<byte> body) => MessagesToChatError.Translate(body.Span);

    /// <inheritdoc />
    public override bool TranslatesEvents => true;

    /// <inheritdoc />
    public override void TranslateEvent(ReadOnlySpan<byte> nodeEvent, IBufferWriter<byte> output) =>
        (_stream ??= new MessagesToChatStream(_id, _created)).Translate(nodeEvent, output);
}
