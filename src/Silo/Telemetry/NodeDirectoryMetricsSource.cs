using GatoLink.Grains.Nodes;
using GatoLink.Grains.Placement;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// Per-node gauges at scrape time, read from this silo's node replicas: each holds what the node's GpuNodeGrain last
/// answered (its scrape, the other silos' requests in flight) plus this silo's own traffic since.
/// </summary>
public sealed class NodeDirectoryMetricsSource : INodeMetricsSource
{
    private readonly NodeDirectory _nodes;
    private readonly PlacementOptions _placement;

    /// <summary>Creates the source.</summary>
    public NodeDirectoryMetricsSource(NodeDirectory nodes, PlacementOptions placement)
    {
        _nodes = nodes;
        _placement = placement;
    }

    /// <inheritdoc />
    public IReadOnlyList<NodeMetricsSnapshot> GetNodeSnapshots()
    {
        var nodes = _nodes.All;
        var snapshots = new NodeMetricsSnapshot[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var circuit = node.Circuit switch
            {
                CircuitState.Open => NodeCircuitState.Open,
                CircuitState.HalfOpen => NodeCircuitState.HalfOpen,
                _ => NodeCircuitState.Closed,
            };
            // Scraped load when fresh; this silo's own in-flight count when the scrape is stale or missing.
            var load = node.LiveLoad(_placement.StaleAfter);
            var healthy = circuit == NodeCircuitState.Closed && (load.Fresh || node.Record.Engine == Grains.Abstractions.Nodes.EngineKind.OpenAi);
            snapshots[i] = new NodeMetricsSnapshot(
                node.Id, (int)Math.Round(load.Queue), (int)Math.Round(load.Running), load.KvUsage, healthy, circuit, node.ClusterInFlight, node.SampleAge);
        }

        return snapshots;
    }
}
