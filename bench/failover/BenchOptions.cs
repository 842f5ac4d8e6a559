using System.Globalization;

namespace GatoLink.Bench.Failover;

/// <summary>Command-line settings.</summary>
/// <param name="Mode">failover, keymemory or keystart.</param>
/// <param name="Runs">failover: kills.</param>
/// <param name="Keys">Keys created (keymemory), or seeded in the big database (keystart).</param>
/// <param name="PauseMs">failover: pause between a loop's requests.</param>
/// <param name="SteadySeconds">failover: traffic before the kill.</param>
/// <param name="Concurrency">Callers creating keys or sending first requests.</param>
/// <param name="SmallKeys">keystart: keys seeded in the database the big one is compared with.</param>
/// <param name="Used">keystart: keys of each kind (limited, unlimited) given one request after the start.</param>
/// <param name="Cold">keystart: cold keys timed one by one, of each kind.</param>
/// <param name="QuietSeconds">Memory benches: seconds without traffic before RSS is sampled (the GC gives memory back over time).</param>
public sealed record BenchOptions(string Mode, int Runs, int Keys, int PauseMs, int SteadySeconds, int Concurrency, int SmallKeys, int Used, int Cold, int QuietSeconds)
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
            Int("--keys", mode switch { "keymemory" => 4000, "keystart" => 1_000_000, _ => 24 }),
            Int("--pause-ms", 150),
            Int("--steady-s", 5),
            Int("--concurrency", 8),
            Int("--small", 1000),
            Int("--used", 5000),
            Int("--cold", 20),
            Int("--quiet-s", 2));
    }
}
