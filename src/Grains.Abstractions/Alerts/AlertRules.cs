namespace GatoLink.Grains.Abstractions.Alerts;

/// <summary>
/// When a key's or tenant's grain raises alerts: each budget's <paramref name="Thresholds"/> (percent of the limit, each
/// once per budget window) and, for a key, a spend anomaly when an hour's spend passes <paramref name="AnomalyFactor"/>
/// times the trailing 7-day hourly average (null: off).
/// </summary>
/// <param name="Thresholds">Percentages, ascending, 1 to 100.</param>
/// <param name="AnomalyFactor">The anomaly multiple; null turns the anomaly alert off.</param>
public sealed record AlertRules(IReadOnlyList<int> Thresholds, double? AnomalyFactor)
{
    /// <summary>50, 80 and 100 % of every budget; no anomaly alert.</summary>
    public static AlertRules Default { get; } = new([50, 80, 100], null);
}
