using GatoLink.Grains.Abstractions.Model;
using GatoLink.PerSilo.Placement;

namespace GatoLink.PerSilo.Telemetry;

/// <summary>Label values for the enums, fixed strings so no enum formatting on the hot path.</summary>
public static class TelemetryLabels
{
    /// <summary>The <c>node</c> label of a placement that chose no node.</summary>
    public const string NoNode = "none";

    private static readonly string[] StatusCodeStrings =
        Enumerable.Range(100, 500).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The <c>reason</c> label of a refusal.</summary>
    public static string For(RefusalReason reason) => reason switch
    {
        RefusalReason.RequestRate => "request_rate",
        RefusalReason.TokenRate => "token_rate",
        RefusalReason.Concurrency => "concurrency",
        RefusalReason.Budget => "budget",
        RefusalReason.QueueFull => "queue_full",
        _ => "unknown",
    };

    /// <summary>
    /// The <c>reason</c> label of a placement: <c>placed</c> (at once), <c>placed_after_wait</c> (after the
    /// admission queue), <c>no_node</c>, <c>saturated</c> (the wait ran out), <c>queue_full</c>, <c>cancelled</c>.
    /// </summary>
    public static string For(PlacementDecision decision) => decision.Outcome switch
    {
        PlacementOutcome.Placed => decision.Waited > TimeSpan.Zero ? "placed_after_wait" : "placed",
        PlacementOutcome.NoNode => "no_node",
        PlacementOutcome.Saturated => "saturated",
        PlacementOutcome.QueueFull => "queue_full",
        PlacementOutcome.Cancelled => "cancelled",
        _ => "unknown",
    };

    /// <summary>The <c>strategy</c> label of a placement.</summary>
    public static string For(PlacementStrategyKind strategy) => strategy switch
    {
        PlacementStrategyKind.GatoLink => "gatolink",
        PlacementStrategyKind.LeastRequest => "least_request",
        PlacementStrategyKind.RoundRobin => "round_robin",
        _ => "unknown",
    };

    /// <summary>Status codes 100..599 as cached strings; anything else is "other".</summary>
    public static string ForStatusCode(int statusCode) =>
        statusCode is >= 100 and <= 599 ? StatusCodeStrings[statusCode - 100] : "other";
}
