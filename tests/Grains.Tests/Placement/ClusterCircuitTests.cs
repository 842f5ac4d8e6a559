using GatoLink.Grains.Tests.Quotas;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Grains.Tests.Placement;

/// <summary>The node grain's circuit breaker, fed by every silo's outcomes, and how a replica obeys it.</summary>
public sealed class ClusterCircuitTests
{
    private static readonly NodeHealthOptions Health = new() { FailuresToOpen = 3, Cooldown = TimeSpan.FromSeconds(2), MaxCooldown = TimeSpan.FromSeconds(5) };

    [Fact]
    public void FailuresFromSeveralSilosOpenItWithBackoffAndAGoodAnswerClosesIt()
    {
        var time = new FakeTimeProvider();
        var circuit = new ClusterCircuit(Health, time);
        circuit.Report(failures: 1, successes: 0); // silo A
        circuit.Report(failures: 1, successes: 0); // silo B
        Assert.Equal(TimeSpan.Zero, circuit.OpenFor);
        circuit.Report(failures: 1, successes: 0); // silo C: three in a row across the cluster
        Assert.Equal(TimeSpan.FromSeconds(2), circuit.OpenFor);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, circuit.OpenFor); // a probe may go
        circuit.Report(failures: 3, successes: 0);
        Assert.Equal(TimeSpan.FromSeconds(4), circuit.OpenFor); // backoff doubles
        time.Advance(TimeSpan.FromSeconds(4));
        circuit.Report(failures: 3, successes: 0);
        Assert.Equal(TimeSpan.FromSeconds(5), circuit.OpenFor); // capped

        circuit.Report(failures: 0, successes: 1);
        Assert.Equal(TimeSpan.Zero, circuit.OpenFor);
    }

    [Fact]
    public void AReplicaReportsItsOutcomesOnceAndKeepsTheNodeOutWhileTheClusterCircuitIsOpen()
    {
        var time = new FakeTimeProvider();
        var nodes = new NodeDirectory(time, Health);
        var node = nodes.Upsert(new GpuNodeRecord("n", new Uri("http://n/"), EngineKind.Vllm, ["m"], 0, new Dictionary<string, string>(), false, time.GetUtcNow()));
        node.ReportFailure();
        node.ReportSuccess();
        node.ReportFailure();
        Assert.Equal(new NodeSiloReport("s", 0, 0, Failures: 2, Successes: 1), node.Report("s"));
        Assert.Equal(new NodeSiloReport("s", 0, 0), node.Report("s"));

        Assert.True(node.IsAvailable);
        node.Apply(new NodeView(null, 0, TimeSpan.Zero, 0, 0, 0, 0, [], CircuitOpenFor: TimeSpan.FromSeconds(2)));
        Assert.False(node.IsAvailable);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(node.IsAvailable);
    }
}
