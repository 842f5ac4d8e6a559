using GatoLink.Gateway.Cache;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Gateway.Proxy;

/// <summary>What an attempt that reached a node produced, for its usage event.</summary>
public sealed class AttemptResult
{
    /// <summary>How it ended.</summary>
    public UsageStatus Status { get; set; } = UsageStatus.Success;

    /// <summary>Status code the node answered, 0 when none.</summary>
    public int HttpStatus { get; set; }

    /// <summary>Usage as the node reported it, if it did.</summary>
    public ChunkInfo Usage;

    /// <summary>Content chunks forwarded to the client (the fallback completion count).</summary>
    public int ForwardedTokens { get; set; }

    /// <summary>Timestamp of the last content chunk, 0 when none (for inter-token latency).</summary>
    public long LastTokenAt { get; set; }

    /// <summary>The node's in-flight count for this attempt; told when the first token arrives.</summary>
    public NodeDispatch? Dispatch { get; init; }

    /// <summary>The attempt's usage event is recorded: a failure while sending the last bytes must not record it again.</summary>
    public bool Recorded { get; set; }

    /// <summary>The stream's events kept for the response cache; null when the answer is not stored.</summary>
    public CacheCapture? Capture { get; init; }

    /// <summary>Rewrites the node's events into the client's protocol; null when they pass through as they are.</summary>
    public IStreamTranslator? Translator { get; init; }

    /// <summary>Timestamp of the first event, 0 when none.</summary>
    public long FirstTokenAt { get; set; }
}
