namespace GatoLink.Silo.Quotas;

/// <summary>Settings of rate limits and budgets (section <c>GatoLink:Limits</c>).</summary>
public sealed class LimitsOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "GatoLink:Limits";

    /// <summary>Enforce limits and budgets; false admits everything (the benchmark's baseline).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often unused slices are checked for expiry and the silo heartbeat is written.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo not seen for this long no longer counts towards the fair share.</summary>
    public TimeSpan SiloTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
