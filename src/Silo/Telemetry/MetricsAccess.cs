namespace GatoLink.Silo.Telemetry;

/// <summary>When <c>/metrics</c> (per-tenant names and spend) asks for a credential.</summary>
public enum MetricsAccess
{
    /// <summary>Open while every address the silo listens on is loopback (the embedded default); otherwise as <see cref="Guarded"/>.</summary>
    Auto,

    /// <summary>Always: the scrape token or a system admin key, as <c>Authorization: Bearer …</c>.</summary>
    Guarded,
}
