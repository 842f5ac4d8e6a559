namespace GatoLink.PerSilo.Nodes;

/// <summary>State of a node's circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Requests flow.</summary>
    Closed,
    /// <summary>Too many consecutive failures: no requests until the cooldown ends.</summary>
    Open,
    /// <summary>Cooldown over: one probe request decides.</summary>
    HalfOpen,
}
