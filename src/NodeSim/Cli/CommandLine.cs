using System.Globalization;

namespace GatoLink.NodeSim;

/// <summary>Hand-rolled flag parser: <c>--name value</c> or <c>--name=value</c>; the profile applies first, flags override it.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: NodeSim [--profile h100-8b|a10-8b|instant] [--host 127.0.0.1] [--port 8000] [--model NAME]... [--seed N]
                       [--time-scale X] [--max-num-seqs N] [--max-waiting N] [--num-gpu-blocks N] [--block-size N]
                       [--prefill-overhead-ms X] [--prefill-ms-per-token X] [--itl-ms X] [--itl-slowdown X] [--jitter X]
                       [--max-model-len N] [--min-output-tokens N] [--max-output-tokens N] [--embedding-dimensions N]
                       [--fail-rate X] [--fail-status 429|500|503|529] [--hang-before-first-token] [--drop-after-tokens N]
                       [--slow-start-ms X] [--api openai|anthropic] [--api-key KEY] [--requests-per-minute N]
                       [--tokens-per-minute N]
        --model is repeatable and accepts comma lists.
        """;

    public static bool TryParse(IReadOnlyList<string> args, out CliSettings settings, out string? error)
    {
        settings = null!;
        error = null;
        try
        {
            settings = Parse(args);
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> on unknown flags, bad values or invalid options.</summary>
    public static CliSettings Parse(IReadOnlyList<string> args)
    {
        var pairs = Split(args);
        var profile = pairs.LastOrDefault(p => p.Name == "profile").Value ?? "h100-8b";
        var o = NodeSimOptions.FromProfile(profile);
        var host = "127.0.0.1";
        var port = 8000;
        var help = false;
        var models = new List<string>();
        var f = o.Faults;
        double failRate = f.FailRate, slowStart = f.SlowStartMs;
        int failStatus = f.FailStatus, drop = f.DropAfterTokens;
        var hang = f.HangBeforeFirstToken;

        foreach (var (name, value) in pairs)
        {
            switch (name)
            {
                case "profile": break;
                case "help" or "h": help = true; break;
                case "host": host = Text(name, value); break;
                case "port": port = Int(name, value); break;
                case "model" or "served-model-name":
                    models.AddRange(Text(name, value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "api-key": o.ApiKey = Text(name, value); break;
                case "seed": o.Seed = long.Parse(Text(name, value), CultureInfo.InvariantCulture); break;
                case "time-scale": o.TimeScale = Num(name, value); break;
                case "max-num-seqs": o.MaxNumSeqs = Int(name, value); break;
                case "max-waiting": o.MaxWaiting = Int(name, value); break;
                case "num-gpu-blocks": o.NumGpuBlocks = Int(name, value); break;
                case "block-size": o.BlockSize = Int(name, value); break;
                case "prefill-overhead-ms": o.PrefillOverheadMs = Num(name, value); break;
                case "prefill-ms-per-token": o.PrefillMsPerToken = Num(name, value); break;
                case "itl-ms": o.ItlMs = Num(name, value); break;
                case "itl-slowdown": o.ItlSlowdown = Num(name, value); break;
                case "jitter": o.JitterFraction = Num(name, value); break;
                case "max-model-len": o.MaxModelLen = Int(name, value); break;
                case "min-output-tokens": o.MinOutputTokens = Int(name, value); break;
                case "max-output-tokens": o.MaxOutputTokens = Int(name, value); break;
                case "embedding-dimensions": o.EmbeddingDimensions = Int(name, value); break;
                case "fail-rate": failRate = Num(name, value); break;
                case "fail-status": failStatus = Int(name, value); break;
                case "hang-before-first-token": hang = value is null || bool.Parse(value); break;
                case "drop-after-tokens": drop = Int(name, value); break;
                case "slow-start-ms": slowStart = Num(name, value); break;
                case "api": o.Api = Api(value); break;
                case "requests-per-minute": o.RequestsPerMinute = Int(name, value); break;
                case "tokens-per-minute": o.TokensPerMinute = Int(name, value); break;
                default: throw new ArgumentException($"Unknown flag --{name}.");
            }
        }

        if (models.Count > 0)
        {
            o.Models = models;
        }

        o.Faults = new SimFaults
        {
            FailRate = failRate,
            FailStatus = failStatus,
            HangBeforeFirstToken = hang,
            DropAfterTokens = drop,
            SlowStartMs = slowStart,
        };
        if (port is < 0 or > 65535)
        {
            throw new ArgumentException("--port must be in 0..65535.");
        }

        o.Validate();
        return new CliSettings(o, host, port, help);
    }

    private static List<(string Name, string? Value)> Split(IReadOnlyList<string> args)
    {
        var pairs = new List<(string, string?)>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }

            var name = arg.TrimStart('-');
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                pairs.Add((name[..eq], name[(eq + 1)..]));
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                pairs.Add((name, args[++i]));
            }
            else
            {
                pairs.Add((name, null));
            }
        }

        return pairs;
    }

    private static NodeSimApi Api(string? value) => Text("api", value) switch
    {
        "openai" => NodeSimApi.OpenAi,
        "anthropic" => NodeSimApi.Anthropic,
        var other => throw new ArgumentException($"--api expects openai or anthropic, got '{other}'."),
    };

    private static string Text(string name, string? value) =>
        value ?? throw new ArgumentException($"--{name} needs a value.");

    private static int Int(string name, string? value) =>
        int.TryParse(Text(name, value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"--{name} expects an integer, got '{value}'.");

    private static double Num(string name, string? value) =>
        double.TryParse(Text(name, value), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"--{name} expects a number, got '{value}'.");
}
