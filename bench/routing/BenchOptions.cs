using System.Globalization;

namespace GatoLink.Bench.Routing;

/// <summary>Command-line settings of the bench.</summary>
public sealed class BenchOptions
{
    public double TimeScale { get; private set; } = 1;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Grace { get; private set; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<int> Loads { get; private set; } = [50, 80, 100];

    public IReadOnlyList<int> BurstyLoads { get; private set; } = [80];

    public IReadOnlyList<WorkloadKind> Workloads { get; private set; } = [WorkloadKind.SharedPrefix, WorkloadKind.LengthMix, WorkloadKind.Bursty];

    public IReadOnlyList<Strategy> Strategies { get; private set; } = [Strategy.RoundRobin, Strategy.LeastRequest, Strategy.GatoLink];

    /// <summary>Extra silo settings, <c>--set GatoLink__Placement__KvThreshold=0.9</c>.</summary>
    public Dictionary<string, string> SiloSettings { get; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            switch (args[i])
            {
                case "--time-scale": o.TimeScale = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)); break;
                case "--grace": o.Grace = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)); break;
                case "--loads": o.Loads = v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList(); break;
                case "--bursty-loads": o.BurstyLoads = v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList(); break;
                case "--workloads": o.Workloads = v.Split(',').Select(ParseWorkload).ToList(); break;
                case "--strategies": o.Strategies = v.Split(',').Select(ParseStrategy).ToList(); break;
                case "--set": o.SiloSettings[v[..v.IndexOf('=', StringComparison.Ordinal)]] = v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..]; break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        return o;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GatoLink.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GatoLink.sln not found above the bench.");
    }

    private static WorkloadKind ParseWorkload(string s) => s switch
    {
        "a" => WorkloadKind.SharedPrefix,
        "b" => WorkloadKind.LengthMix,
        "c" => WorkloadKind.Bursty,
        _ => throw new ArgumentException($"workload {s}: a, b or c"),
    };

    private static Strategy ParseStrategy(string s) => s switch
    {
        "round_robin" or "rr" => Strategy.RoundRobin,
        "least_request" or "lr" => Strategy.LeastRequest,
        "gatolink" or "gl" => Strategy.GatoLink,
        _ => throw new ArgumentException($"strategy {s}"),
    };
}
