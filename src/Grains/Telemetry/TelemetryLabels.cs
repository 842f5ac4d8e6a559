namespace GatoLink.Grains.Telemetry;

/// <summary>Label values for the enums, fixed strings so no enum formatting on the hot path.</summary>
internal static class TelemetryLabels
{
    public static string For(RefusalReason reason) => reason switch
    {
        RefusalReason.RequestRate => "request_rate",
        RefusalReason.TokenRate => "token_rate",
        RefusalReason.Concurrency => "concurrency",
        RefusalReason.Budget => "budget",
        RefusalReason.QueueFull => "queue_full",
        _ => "unknown",
    };

    /// <summary>Status codes 100..599 as cached strings; anything else is "other".</summary>
    public static string ForStatusCode(int statusCode) =>
        statusCode is >= 100 and <= 599 ? StatusCodeStrings[statusCode - 100] : "other";

    private static readonly string[] StatusCodeStrings =
        Enumerable.Range(100, 500).Select(code => code.ToString()).ToArray();
}
