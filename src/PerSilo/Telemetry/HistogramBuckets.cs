namespace GatoLink.PerSilo.Telemetry;

/// <summary>Explicit histogram bucket boundaries (seconds) for LLM latencies.</summary>
public static class HistogramBuckets
{
    /// <summary>
    /// 5 ms to 120 s, roughly ×2–2.5 per step: gateway overhead sits in the first buckets,
    /// a long completion in the last ones.
    /// </summary>
    public static IReadOnlyList<double> RequestSeconds { get; } =
    [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120,
    ];

    /// <summary>Inter-token gaps: 1 ms to 5 s (decode steps are tens of ms).</summary>
    public static IReadOnlyList<double> InterTokenSeconds { get; } =
    [
        0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ];

    /// <summary>Time in GatoLink itself: 0.1 ms to 1 s.</summary>
    public static IReadOnlyList<double> OverheadSeconds { get; } =
    [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
    ];
}
