namespace GatoLink.Bench.GrainCalls;

/// <summary>A grain that does nothing: the floor of a grain call and of an activation.</summary>
[Alias("gatolink.bench.noop-grain")]
public interface INoopGrain : IGrainWithGuidKey
{
    /// <summary>Returns at once.</summary>
    Task Ping();
}
