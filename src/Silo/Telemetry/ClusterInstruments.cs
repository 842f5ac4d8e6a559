using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// The cluster as this silo's membership view sees it: silos by status (<c>active</c> is "silos alive"). Every silo
/// reports the same view, so dashboards take the <c>max</c> over instances, not the sum.
/// </summary>
public sealed class ClusterInstruments
{
    private static readonly (SiloStatus Status, string Label)[] Reported =
    [
        (SiloStatus.Joining, "joining"),
        (SiloStatus.Active, "active"),
        (SiloStatus.ShuttingDown, "shutting_down"),
        (SiloStatus.Stopping, "stopping"),
        (SiloStatus.Dead, "dead"),
    ];

    private readonly IClusterMembershipService _membership;

    /// <summary>Creates the observable gauge on the <c>GatoLink</c> meter.</summary>
    public ClusterInstruments(IMeterFactory meterFactory, IClusterMembershipService membership)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _membership = membership;
        meterFactory.Create(MetricNames.MeterName).CreateObservableGauge(
            MetricNames.ClusterSilos,
            Observe,
            MetricNames.UnitSilos,
            "Silos in the cluster membership as this silo sees it, by status.");
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        var counts = new int[Reported.Length];
        foreach (var member in _membership.CurrentSnapshot.Members.Values)
        {
            var at = Array.FindIndex(Reported, r => r.Status == member.Status);
            if (at >= 0)
            {
                counts[at]++;
            }
        }

        for (var i = 0; i < Reported.Length; i++)
        {
            yield return new Measurement<int>(counts[i], new KeyValuePair<string, object?>(MetricTags.Status, Reported[i].Label));
        }
    }
}
