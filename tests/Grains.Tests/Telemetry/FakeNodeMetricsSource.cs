using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Grains.Tests.Telemetry;

internal sealed class FakeNodeMetricsSource : INodeMetricsSource
{
    public List<NodeMetricsSnapshot> Nodes { get; } = [];

    public IReadOnlyList<NodeMetricsSnapshot> GetNodeSnapshots() => Nodes.ToArray();
}
