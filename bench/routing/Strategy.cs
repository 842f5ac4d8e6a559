namespace GatoLink.Bench.Routing;

/// <summary>The placement strategies compared.</summary>
public enum Strategy
{
    RoundRobin,
    LeastRequest,
    GatoLink,
}
