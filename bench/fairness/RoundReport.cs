using GatoLink.Bench.Routing;

namespace GatoLink.Bench.Fairness;

/// <summary>What one round measured, latencies in simulated seconds.</summary>
/// <param name="Name">alone, fair or fifo.</param>
/// <param name="AShare">A's share of the GPU work served to A and B (prompt + output tokens of completed requests), 0..1.</param>
/// <param name="TtftP50">C's TTFT p50: every request counts, a refused one with the time it waited.</param>
/// <param name="TtftP99">C's TTFT p99.</param>
/// <param name="CDone">C's completed requests of those sent.</param>
/// <param name="CSent">C's requests sent.</param>
/// <param name="ADone">A's completed requests.</param>
/// <param name="BDone">B's completed requests.</param>
/// <param name="BLongestGap">B's longest time without a completion inside the measured window (starvation shows here).</param>
/// <param name="RefusedA">A's requests refused (queue full or waited too long, 503).</param>
/// <param name="RefusedB">B's.</param>
/// <param name="CFailures">C's requests not completed, by status (-1: still going at the round's end).</param>
public sealed record RoundReport(string Name, double AShare, double TtftP50, double TtftP99, int CDone, int CSent, int ADone, int BDone, double BLongestGap, int RefusedA, int RefusedB, string CFailures)
{
    /// <summary>
    /// Summarises a round. Served work counts the requests completed after <paramref name="settle"/> (real seconds from the
    /// round's start, when the queue has filled) until the round ends.
    /// </summary>
    public static RoundReport From(string name, IReadOnlyList<RequestResult> a, IReadOnlyList<RequestResult> b, IReadOnlyList<RequestResult> c, double settle, double timeScale)
    {
        double Work(IReadOnlyList<RequestResult> results) => results.Where(r => r.Ok && r.Done >= settle).Sum(r => Traffic.BatchPrompt + r.Tokens);
        var aWork = Work(a);
        var bWork = Work(b);
        var ttft = c.Select(r => r.Ttft * timeScale).Order().ToArray();
        var bDone = b.Where(r => r.Ok && r.Done >= settle).Select(r => r.Done).Order().ToList();
        var end = a.Concat(b).Concat(c).Select(r => r.Done).DefaultIfEmpty(settle).Max();
        var edges = bDone.Prepend(settle).Append(end).ToList();
        var gap = edges.Zip(edges.Skip(1), (x, y) => y - x).DefaultIfEmpty(0).Max() * timeScale;
        return new RoundReport(
            name,
            aWork + bWork > 0 ? aWork / (aWork + bWork) : double.NaN,
            RunSummary.Percentile(ttft, 0.50),
            RunSummary.Percentile(ttft, 0.99),
            c.Count(r => r.Ok),
            c.Count,
            a.Count(r => r.Ok),
            b.Count(r => r.Ok),
            b.Count == 0 ? double.NaN : gap,
            a.Count(r => r.Status == 503),
            b.Count(r => r.Status == 503),
            string.Join(' ', c.Where(r => !r.Ok).GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}")));
    }

    public override string ToString() =>
        $"{Name,-6} A/B work {AShare * 100,5:0.0}/{(1 - AShare) * 100,5:0.0}  C TTFT p50 {TtftP50,6:0.000}s p99 {TtftP99,6:0.000}s ({CDone}/{CSent} done)  " +
        $"completed A {ADone} B {BDone}, B's longest gap {BLongestGap:0.0}s, refused A {RefusedA} B {RefusedB}" +
        (CFailures.Length > 0 ? $", C failed {CFailures}" : "");
}
