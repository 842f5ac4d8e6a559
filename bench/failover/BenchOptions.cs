using System.Globalization;

namespace GatoLink.Bench.Failover;

/// <summary>Command-line settings.</summary>
public sealed record BenchOptions(string Mode, int Runs, int Keys, int PauseMs, int SteadySeconds, int Concurrency)
{
    /// <summary>Parses <c>MODE [--name value]…</c>.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "failover";
        int Int(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchOptions(
            mode,
            Int("--runs", 3),
            Int("--keys", mode == "keymemory" ? 4000 : 24),
            Int("--pause-ms", 150),
            Int("--steady-s", 5),
            Int("--concurrency", 8));
    }
}
