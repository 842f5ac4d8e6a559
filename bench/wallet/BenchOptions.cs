using System.Globalization;

namespace GatoLink.Bench.Wallet;

/// <summary>Command line: <c>--rounds 3 --seconds 2 --warmup 0.5</c>.</summary>
public sealed record BenchOptions(int Rounds, double Seconds, double WarmupSeconds)
{
    /// <summary>Reads the options; unknown ones are an error.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(3, 2, 0.5);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}: use --rounds, --seconds, --warmup."),
            };
        }

        if (options.Rounds < 1 || options.Seconds <= 0 || options.WarmupSeconds < 0 || options.Seconds * options.Rounds > 120)
        {
            throw new ArgumentException("--rounds ≥ 1, --seconds > 0 and at most 120 s measured in all; --warmup ≥ 0.");
        }

        return options;
    }
}
