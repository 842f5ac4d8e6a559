using System.ComponentModel.DataAnnotations;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Distinct tenants that get their own <c>tenant</c> label value; later ones are reported as
    /// <c>other</c>. Bounds series count (and Prometheus memory) whatever the tenant count.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxTenantLabels { get; set; } = 200;

    /// <summary>
    /// Serve the Orleans Dashboard at <c>/dashboard</c> (system-admin key required). Off saves its grain call
    /// profiler on every grain call.
    /// </summary>
    public bool Dashboard { get; set; } = true;
}
