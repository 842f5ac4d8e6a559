namespace GatoLink.Bench.Routing;

/// <summary>One row of the table. Latencies are in simulated seconds (real × time scale).</summary>
public sealed record RunSummary(
    WorkloadKind Workload,
    int LoadPercent,
    Strategy Strategy,
    int Requests,
    double TtftP50,
    double TtftP99,
    double ItlP50,
    double ItlP99,
    double OutputTokensPerSecond,
    double Goodput,
    double Rate503,
    double Cut,
    double PrefixHitRate)
{
    public const double GoodTtft = 2.0;
    public const double GoodItl = 0.050;

    /// <summary>Summarises a run's results.</summary>
    public static RunSummary From(WorkloadKind workload, int load, Strategy strategy, IReadOnlyList<RequestResult> results, double makespan, double timeScale, double prefixHitRate)
    {
        // Every request counts in TTFT: a refused or cut one with the time it waited, so failures cannot flatter a strategy.
        var ttft = results.Select(r => r.Ttft * timeScale).Order().ToArray();
        var gaps = results.SelectMany(r => r.Gaps).Select(g => g * timeScale).Order().ToArray();
        var good = results.Count(r => r.Ok && r.Ttft * timeScale <= GoodTtft && (r.Gaps.Count == 0 || r.Gaps.Average() * timeScale <= GoodItl));
        var tokens = results.Sum(r => r.Tokens);
        var simSeconds = makespan * timeScale;
        return new RunSummary(workload, load, strategy, results.Count,
            Percentile(ttft, 0.50), Percentile(ttft, 0.99), Percentile(gaps, 0.50), Percentile(gaps, 0.99),
            tokens / simSeconds, good / simSeconds,
            (double)results.Count(r => r.Status == 503) / Math.Max(1, results.Count),
            (double)results.Count(r => r.Status == -1) / Math.Max(1, results.Count),
            prefixHitRate);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
