using System.Globalization;

namespace GatoLink.Bench.GrainCalls;

/// <summary>Command-line options.</summary>
public sealed class BenchOptions
{
    /// <summary>Measured seconds per row.</summary>
    public double Seconds { get; private set; } = 2;

    /// <summary>Unmeasured seconds before each row (JIT, connections).</summary>
    public double WarmupSeconds { get; private set; } = 0.5;

    /// <summary>Concurrent callers per row.</summary>
    public IReadOnlyList<int> Callers { get; private set; } = [1, 32];

    /// <summary>Activations per memory step (0 skips the memory steps).</summary>
    public int Activations { get; private set; } = 4000;

    /// <summary>Skip the call latency rows.</summary>
    public bool MemoryOnly { get; private set; }

    /// <summary>Seconds to stay up after the memory steps, with every activation alive (for dotnet-gcdump).</summary>
    public int HoldSeconds { get; private set; }

    /// <summary>Parses <c>--seconds S --warmup S --callers 1,32 --activations N --memory-only --hold S</c>.</summary>
    public static BenchOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds":
                    options.Seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    options.WarmupSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--callers":
                    options.Callers = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
                    break;
                case "--activations":
                    options.Activations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--memory-only":
                    options.MemoryOnly = true;
                    break;
                case "--hold":
                    options.HoldSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. Options: --seconds S --warmup S --callers 1,32 --activations N --memory-only --hold S");
            }
        }

        return options;
    }
}
