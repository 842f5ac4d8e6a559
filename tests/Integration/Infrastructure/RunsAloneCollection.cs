namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>
/// Tests that load the whole machine (a cluster of silo processes, nginx and load clients on two cores) or restart a
/// shared server run alone, after the parallel ones: alongside them, tests that measure propagation or latency in
/// wall-clock time starved.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Runs alone";
}
