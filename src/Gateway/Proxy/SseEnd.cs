namespace GatoLink.Gateway.Proxy;

/// <summary>How a node's SSE stream ended, before the gateway writes the client's last bytes.</summary>
public enum SseEnd
{
    /// <summary>The node sent <c>[DONE]</c>: the client gets <c>[DONE]</c> too.</summary>
    Done,

    /// <summary>The node closed the stream early after the client got its first bytes: the client gets an error event.</summary>
    BrokeAfterFirstByte,

    /// <summary>The node closed the stream before anything reached the client: another node may take the request.</summary>
    BrokeBeforeFirstByte,
}
