namespace GatoLink.Grains.Abstractions.Usage;

/// <summary>How an attempt that reached a node ended.</summary>
public enum UsageStatus
{
    /// <summary>The node answered and the client got the whole answer.</summary>
    Success,
    /// <summary>The node answered with an error status or broke the stream.</summary>
    UpstreamError,
    /// <summary>No first token or no answer in time.</summary>
    Timeout,
    /// <summary>The client went away before the end.</summary>
    ClientDisconnect,
}
