namespace GatoLink.Gateway.Proxy;

/// <summary>What one event of a node that speaks the client's protocol says: its tokens and usage, and whether it ends the stream.</summary>
/// <param name="Info">Tokens of the event; usage when the event carries the final count.</param>
/// <param name="End">The stream's last event: held back until the usage is durable, then sent (<see cref="NodeProtocol.NativeEnd"/>).</param>
public readonly record struct NativeEvent(ChunkInfo Info, bool End);
