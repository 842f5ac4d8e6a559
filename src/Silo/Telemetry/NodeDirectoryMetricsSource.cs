using GatoLink.Grains.Nodes;
using GatoLink.Grains.Telemetry;

namespace GatoLink.Silo.Telemetry;

/// <summary>Per-node gauges at scrape time, read from this silo's node grains.</summary>
public sealed class NodeDirectoryMetricsSource : INodeMetricsSource
{
    private readonly NodeDirectory _nodes;

    /// <summary>Creates the source.</summary>
    public NodeDirectoryMetricsSource(NodeDirectory nodes) => _nodes = nodes;

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
            snapshots[i] = new NodeMetricsSnapshot(node.Id, QueueDepth: 0, Running: node.InFlight, KvCacheUsage: 0, Healthy: circuit == NodeCircuitState.Closed, circuit);
        }

        return snapshots;
    }
}
