namespace GatoLink.Bench.Routing;

/// <summary>The placement strategies compared, by their admin API names.</summary>
public enum Strategy
{
    RoundRobin,
    LeastRequest,
    GatoLink,
}

/// <summary>Names as the admin API and the table show them.</summary>
public static class StrategyNames
{
    public static string ApiName(this Strategy s) => s switch
    {
        Strategy.RoundRobin => "round_robin",
        Strategy.LeastRequest => "least_request",
        _ => "gatolink",
    };
}
