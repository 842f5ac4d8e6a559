using System.IO.Pipelines;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// Rewrites one attempt's chat-completion stream into the client's protocol, event by event. One per attempt: an
/// attempt that fails before its first byte takes its translator with it.
/// </summary>
public interface IStreamTranslator
{
    /// <summary>Translates one SSE event of the node (its <c>data:</c> lines) and writes what the client gets for it, possibly nothing.</summary>
    void Translate(ReadOnlySpan<byte> nodeEvent, PipeWriter client);

    /// <summary>Writes the client's end of a stream that finished normally, in place of the node's <c>[DONE]</c>.</summary>
    void Finish(PipeWriter client);
}
