using System.ComponentModel.DataAnnotations;

namespace GatoLink.Silo.Telemetry;

/// <summary>Who may scrape <c>/metrics</c> (section <c>GatoLink:Metrics</c>; the token also from env <c>GATOLINK_METRICS_TOKEN</c>).</summary>
public sealed class MetricsAccessOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "GatoLink:Metrics";

    /// <summary>The environment variable that sets <see cref="ScrapeToken"/>.</summary>
    public const string ScrapeTokenEnvironmentVariable = "GATOLINK_METRICS_TOKEN";

    /// <summary>When a credential is asked for.</summary>
    public MetricsAccess Access { get; set; } = MetricsAccess.Auto;

    /// <summary>The bearer token Prometheus sends (<c>authorization.credentials_file</c>); null: only a system admin key scrapes a guarded silo.</summary>
    [MinLength(16)]
    public string? ScrapeToken { get; set; }
}
