namespace GatoLink.Bench.GrainCalls;

/// <summary>No state, no dependencies: what Orleans itself costs per activation and per call.</summary>
public sealed class NoopGrain : Grain, INoopGrain
{
    /// <inheritdoc />
    public Task Ping() => Task.CompletedTask;
}
