using System.Globalization;

namespace GatoLink.Bench.Fairness;

/// <summary>Command-line settings of the fairness bench; <c>--quick</c> shortens every phase so a run ends within a minute.</summary>
public sealed class FairnessOptions
{
    public bool Quick { get; private set; }

    /// <summary>Simulated time runs this many times faster than real time (below 1: slower, fewer requests per real second).</summary>
    public double TimeScale { get; private set; } = 0.5;

    /// <summary>Offered load of A and B together, in % of the fleet's capacity (each sends half).</summary>
    public int Load { get; private set; } = 200;

    /// <summary>Fair/FIFO round pairs after the warm-up.</summary>
    public int Pairs { get; private set; } = 2;

    /// <summary>Real seconds of arrivals per measured round.</summary>
    public double RoundSeconds { get; private set; } = 30;

    /// <summary>Real seconds of C alone, and of each silo's warm-up round.</summary>
    public double AloneSeconds { get; private set; } = 20;

    public double WarmupSeconds { get; private set; } = 6;

    /// <summary>C's interactive requests per simulated second.</summary>
    public double InteractiveRate { get; private set; } = 4;

    /// <summary>Extra settings of both silos, <c>--set GatoLink__Placement__QueueThreshold=1</c>.</summary>
    public Dictionary<string, string> SiloSettings { get; } = [];

    public static FairnessOptions Parse(string[] args)
    {
        var o = new FairnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                o.Quick = true;
                o.Pairs = 1;
                o.RoundSeconds = 10;
                o.AloneSeconds = 8;
                o.WarmupSeconds = 2;
                continue;
            }

            var name = args[i];
            var v = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--time-scale": o.TimeScale = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--load": o.Load = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--pairs": o.Pairs = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--round": o.RoundSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--alone": o.AloneSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--warmup": o.WarmupSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--interactive-rate": o.InteractiveRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--set": o.SiloSettings[v[..v.IndexOf('=', StringComparison.Ordinal)]] = v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..]; break;
                default: throw new ArgumentException($"Unknown option {name}");
            }
        }

        return o;
    }
}
