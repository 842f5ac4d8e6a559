namespace GatoLink.PerSilo.Telemetry;

/// <summary>Why a request was refused before reaching a node (the <c>reason</c> label).</summary>
public enum RefusalReason
{
    /// <summary>Requests-per-minute limit.</summary>
    RequestRate,

    /// <summary>Tokens-per-minute limit.</summary>
    TokenRate,

    /// <summary>Concurrent-requests limit.</summary>
    Concurrency,

    /// <summary>Key or tenant budget exhausted.</summary>
    Budget,

    /// <summary>Admission queue full or queue wait timed out.</summary>
    QueueFull,
}
