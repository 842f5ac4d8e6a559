namespace GatoLink.NodeSim.Tests;

/// <summary>Tests that assert wall-clock latencies run alone, so a busy 2-core box does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
