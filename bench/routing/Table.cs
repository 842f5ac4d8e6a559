using System.Globalization;

namespace GatoLink.Bench.Routing;

/// <summary>Prints the one table, with the issue's targets checked underneath.</summary>
public static class Table
{
    public static void Print(IReadOnlyList<RunSummary> rows, BenchOptions options)
    {
        Console.WriteLine($"Routing benchmark — 2×h100-8b + 2×a10-8b NodeSim, time scale {options.TimeScale}, {options.Duration.TotalSeconds:0}s of arrivals per run. Latencies in simulated seconds.");
        Console.WriteLine($"{"workload",-14}{"load",5}  {"strategy",-14}{"reqs",6}{"TTFT p50",10}{"TTFT p99",10}{"ITL p50",9}{"ITL p99",9}{"out tok/s",11}{"goodput/s",11}{"503",7}{"cut",7}{"prefix hit",11}");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Name(r.Workload),-14}{r.LoadPercent,4}%  {r.Strategy.ApiName(),-14}{r.Requests,6}{r.TtftP50,10:0.000}{r.TtftP99,10:0.000}{r.ItlP50 * 1000,7:0.0}ms{r.ItlP99 * 1000,7:0.0}ms{r.OutputTokensPerSecond,11:0.0}{r.Goodput,11:0.00}{r.Rate503,7:0.0%}{r.Cut,7:0.0%}{r.PrefixHitRate,11:0.0%}"));
        }

        Check(rows, WorkloadKind.SharedPrefix, 80, Strategy.RoundRobin, 5);
        Check(rows, WorkloadKind.SharedPrefix, 80, Strategy.LeastRequest, 1.5);
        Check(rows, WorkloadKind.LengthMix, 80, Strategy.LeastRequest, 1.0);
    }

    private static void Check(IReadOnlyList<RunSummary> rows, WorkloadKind workload, int load, Strategy baseline, double factor)
    {
        var gl = rows.FirstOrDefault(r => r.Workload == workload && r.LoadPercent == load && r.Strategy == Strategy.GatoLink);
        var b = rows.FirstOrDefault(r => r.Workload == workload && r.LoadPercent == load && r.Strategy == baseline);
        if (gl is null || b is null)
        {
            return;
        }

        var ratio = b.TtftP99 / gl.TtftP99;
        var verdict = ratio >= factor ? "met" : "NOT met";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target: {Name(workload)} {load}% p99 TTFT gatolink vs {baseline.ApiName()}: {ratio:0.00}× (want ≥ {factor}×) — {verdict}"));
    }

    private static string Name(WorkloadKind w) => w switch
    {
        WorkloadKind.SharedPrefix => "(a) prefix",
        WorkloadKind.LengthMix => "(b) mix",
        _ => "(c) bursty",
    };
}
