namespace GatoLink.PerSilo.Telemetry;

/// <summary>Circuit breaker state as reported by <c>gatolink.node.circuit_state</c>.</summary>
public enum NodeCircuitState
{
    /// <summary>Traffic flows (gauge value 0).</summary>
    Closed = 0,

    /// <summary>Probing with a few requests (gauge value 1).</summary>
    HalfOpen = 1,

    /// <summary>Node skipped (gauge value 2).</summary>
    Open = 2,
}
