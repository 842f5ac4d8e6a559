using System.Globalization;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>Reads <c>n</c>, <c>temperature</c>, <c>top_p</c>, <c>stop</c> and logprobs with vLLM's checks and messages.</summary>
internal static class SamplingParser
{
    /// <summary>vLLM's default <c>--max-logprobs</c>.</summary>
    public const int MaxLogprobs = 20;

    public static SamplingOptions Parse(JsonElement root, GenerationKind kind)
    {
        var n = Integer(root, "n") ?? 1;
        if (n < 1)
        {
            throw new BadRequestException($"n must be at least 1, got {n}.", "n");
        }

        var temperature = Number(root, "temperature") ?? 1.0;
        if (temperature < 0)
        {
            throw new BadRequestException($"temperature must be non-negative, got {Show(temperature)}.", "temperature");
        }

        var topP = Number(root, "top_p") ?? 1.0;
        if (topP is <= 0 or > 1)
        {
            throw new BadRequestException($"top_p must be in (0, 1], got {Show(topP)}.", "top_p");
        }

        var (logprobs, top) = kind == GenerationKind.Chat ? ChatLogprobs(root) : CompletionLogprobs(root);
        return new SamplingOptions(n, temperature, topP, Stop(root), logprobs, top);
    }

    private static (bool Logprobs, int Top) ChatLogprobs(JsonElement root)
    {
        var logprobs = false;
        if (RequestParser.TryGetNonNull(root, "logprobs", out var lp))
        {
            logprobs = lp.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new BadRequestException("logprobs must be a boolean.", "logprobs"),
            };
        }

        var top = Integer(root, "top_logprobs") ?? 0;
        if (top < 0)
        {
            throw new BadRequestException("`top_logprobs` must be a positive value.", "top_logprobs");
        }

        if (top > 0 && !logprobs)
        {
            throw new BadRequestException("when using `top_logprobs`, `logprobs` must be set to true.", "top_logprobs");
        }

        return (logprobs, CheckMax(top, "top_logprobs"));
    }

    private static (bool Logprobs, int Top) CompletionLogprobs(JsonElement root)
    {
        if (!RequestParser.TryGetNonNull(root, "logprobs", out var lp))
        {
            return (false, 0);
        }

        var top = lp.ValueKind == JsonValueKind.Number && lp.TryGetInt32(out var v) && v >= 0
            ? v
            : throw new BadRequestException("logprobs must be a non-negative integer.", "logprobs");
        return (true, CheckMax(top, "logprobs"));
    }

    private static int CheckMax(int top, string param) => top <= MaxLogprobs
        ? top
        : throw new BadRequestException($"Requested sample logprobs of {top}, which is greater than max allowed: {MaxLogprobs}", param);

    /// <summary>vLLM takes a string or a list of strings and sets no limit on their number (OpenAI's is 4).</summary>
    private static string[] Stop(JsonElement root)
    {
        if (!RequestParser.TryGetNonNull(root, "stop", out var stop))
        {
            return [];
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return NonEmpty([stop.GetString()!]);
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("stop must be a string or a list of strings.", "stop");
        }

        var list = new List<string>(stop.GetArrayLength());
        foreach (var item in stop.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new BadRequestException("stop must be a string or a list of strings.", "stop"));
        }

        return NonEmpty(list);
    }

    // An empty stop string would match at once; vLLM's detokenizer never matches it, so drop it.
    private static string[] NonEmpty(IEnumerable<string> stops) => stops.Where(s => s.Length > 0).ToArray();

    private static int? Integer(JsonElement root, string name)
    {
        if (!RequestParser.TryGetNonNull(root, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var v) ? v : throw new BadRequestException($"{name} must be an integer.", name);
    }

    private static double? Number(JsonElement root, string name)
    {
        if (!RequestParser.TryGetNonNull(root, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new BadRequestException($"{name} must be a number.", name);
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
