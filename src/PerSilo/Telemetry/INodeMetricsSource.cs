namespace GatoLink.PerSilo.Telemetry;

/// <summary>
/// Implemented by whatever tracks node load (the node registry); <see cref="NodeInstruments"/>
/// calls it once per scrape per gauge. Must be cheap and must not block.
/// </summary>
public interface INodeMetricsSource
{
    /// <summary>Current view of every known node.</summary>
    IReadOnlyList<NodeMetricsSnapshot> GetNodeSnapshots();
}
