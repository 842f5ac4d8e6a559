namespace GatoLink.Grains.Telemetry;

/// <summary>Which limit a silo-local lease was refilled for (the <c>kind</c> label).</summary>
public enum LeaseKind
{
    /// <summary>Request-rate tokens.</summary>
    Requests,

    /// <summary>Token-rate tokens.</summary>
    Tokens,

    /// <summary>Budget (micro-dollars).</summary>
    Budget,
}
