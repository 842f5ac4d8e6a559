using System.Globalization;

namespace GatoLink.Bench.Overhead;

/// <summary>Command line of the first-byte client.</summary>
public sealed record FirstByteOptions
{
    /// <summary>Where requests go; the first is the reference (NodeSim directly).</summary>
    public required IReadOnlyList<BenchTarget> Targets { get; init; }

    /// <summary>Requests in flight at once (each worker sends one after another).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Measured requests per target and prompt size.</summary>
    public int Requests { get; init; } = 1_000;

    /// <summary>Consecutive requests to one target before the next target's turn; 0 picks 20 per connection, at least 50.</summary>
    /// <remarks>Not one request per turn: what a silo does after a stream ended (usage, ledger) would then run during the
    /// next target's request and slow direct and nginx too, which flatters the gateway; in a block it hits only the
    /// block's first requests.</remarks>
    public int Block { get; init; }

    /// <summary>Prompt sizes in bytes of random text, distinct per request; 0 is one short fixed prompt.</summary>
    public IReadOnlyList<int> PromptBytes { get; init; } = [0];

    /// <summary>Lower bound of each target's warm-up: windows that agree early may all sit on a fresh silo's slow ramp.</summary>
    public TimeSpan WarmupMin { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound of each target's warm-up.</summary>
    public TimeSpan WarmupMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Model name sent in every request.</summary>
    public string Model { get; init; } = "demo-8b";

    /// <summary>Requests per block, resolved.</summary>
    public int BlockSize => Block > 0 ? Block : Math.Max(50, 20 * Concurrency);

    /// <summary>Requests in one warm-up window.</summary>
    public int WarmupWindow => Math.Max(200, 20 * Concurrency);

    /// <summary>Parses <c>--target name,url,key</c> (repeated), <c>--concurrency</c>, <c>--requests</c>, <c>--block</c>,
    /// <c>--prompt-bytes 1024,51200</c>, <c>--warmup-min-s</c>, <c>--warmup-max-s</c>, <c>--model</c>.</summary>
    public static FirstByteOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var targets = new List<BenchTarget>();
        var options = new FirstByteOptions { Targets = targets };
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            i++;
            options = args[i - 1] switch
            {
                "--target" => Add(options, targets, BenchTarget.Parse(value)),
                "--concurrency" => options with { Concurrency = Positive(value, "--concurrency") },
                "--requests" => options with { Requests = Positive(value, "--requests") },
                "--block" => options with { Block = Positive(value, "--block") },
                "--prompt-bytes" => options with { PromptBytes = value.Split(',').Select(v => NonNegative(v, "--prompt-bytes")).ToArray() },
                "--warmup-min-s" => options with { WarmupMin = TimeSpan.FromSeconds(NonNegative(value, "--warmup-min-s")) },
                "--warmup-max-s" => options with { WarmupMax = TimeSpan.FromSeconds(Positive(value, "--warmup-max-s")) },
                "--model" => options with { Model = value },
                var other => throw new ArgumentException($"Unknown option {other}."),
            };
        }

        return targets.Count >= 2 ? options : throw new ArgumentException("Give at least two --target: the reference (direct) first.");
    }

    private static FirstByteOptions Add(FirstByteOptions options, List<BenchTarget> targets, BenchTarget target)
    {
        targets.Add(target);
        return options;
    }

    private static int Positive(string value, string name) =>
        NonNegative(value, name) is var n and > 0 ? n : throw new ArgumentException($"{name} must be > 0, not {value}.");

    private static int NonNegative(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} takes a whole number >= 0, not '{value}'.");
}
