namespace GatoLink.Bench.Routing;

/// <summary>Strategy names as the admin API and the table show them.</summary>
public static class StrategyNames
{
    public static string ApiName(this Strategy s) => s switch
    {
        Strategy.RoundRobin => "round_robin",
        Strategy.LeastRequest => "least_request",
        _ => "gatolink",
    };
}
