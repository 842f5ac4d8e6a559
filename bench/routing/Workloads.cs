using System.Text;
using System.Text.Json;

namespace GatoLink.Bench.Routing;

/// <summary>
/// Request streams. Text is made of ≤4-letter words, one NodeSim token each, so token counts are exact.
/// Each run salts its prompts so no run inherits another's warm caches.
/// </summary>
public sealed class Workloads
{
    public const int Groups = 6;
    public const int PrefixTokens = 600;
    public const int SuffixTokens = 30;
    public const int SharedOutputTokens = 32;
    public const double MixMeanPrompt = 220;
    public const double MixMeanOutput = 40;

    private static readonly string[] Words = ["the", "cat", "sat", "on", "mat", "and", "a", "dog", "ran", "far", "up", "hill", "blue", "sky", "rain", "sun", "wind", "tree", "leaf", "root"];
    private readonly string _model;

    public Workloads(string model) => _model = model;

    /// <summary>Prompt and output tokens of an average request, and how many prompt tokens a warm prefix cache saves.</summary>
    public static (double Prompt, double Uncached, double Output) Shape(WorkloadKind kind) => kind == WorkloadKind.SharedPrefix
        ? (PrefixTokens + SuffixTokens, SuffixTokens, SharedOutputTokens)
        : (MixMeanPrompt, MixMeanPrompt, MixMeanOutput);

    /// <summary>The requests of one run at <paramref name="ratePerSecond"/> (real time) for <paramref name="duration"/>.</summary>
    public IReadOnlyList<BenchRequest> Build(WorkloadKind kind, double ratePerSecond, TimeSpan duration, int seed, string salt)
    {
        // The same seed gives every strategy the same arrivals and lengths; the salt only changes the words.
        var rng = new Random(seed);
        var groupPrompts = Enumerable.Range(0, Groups).Select(g => $"{salt} group {g} " + Text(rng, PrefixTokens)).ToArray();
        var requests = new List<BenchRequest>();
        var t = 0.0;
        var burst = kind == WorkloadKind.Bursty ? 12 : 1;
        while (true)
        {
            // Poisson arrivals; bursts arrive as Poisson events of `burst` requests at once.
            t += -Math.Log(1 - rng.NextDouble()) / (ratePerSecond / burst);
            if (t >= duration.TotalSeconds)
            {
                break;
            }

            for (var b = 0; b < burst; b++)
            {
                requests.Add(kind == WorkloadKind.SharedPrefix
                    ? Shared(TimeSpan.FromSeconds(t), groupPrompts[rng.Next(Groups)], rng)
                    : Mixed(TimeSpan.FromSeconds(t), salt, rng));
            }
        }

        return requests;
    }

    private BenchRequest Shared(TimeSpan due, string system, Random rng) =>
        new(due, Body(system, Text(rng, SuffixTokens), SharedOutputTokens), SharedOutputTokens);

    private BenchRequest Mixed(TimeSpan due, string salt, Random rng)
    {
        // Log-normal lengths, as in ShareGPT: many short, a long tail (capped to fit the small KV caches).
        var prompt = (int)Math.Clamp(LogNormal(rng, MixMeanPrompt, 0.9), 8, 1000);
        var output = (int)Math.Clamp(LogNormal(rng, MixMeanOutput, 0.7), 4, 128);
        return new BenchRequest(due, Body(null, $"{salt} {rng.Next()} " + Text(rng, prompt), output), output);
    }

    private string Body(string? system, string user, int maxTokens) => ChatBody(_model, system, user, maxTokens, streamed: true);

    /// <summary>A chat completion's JSON body: an optional system prompt, the user's text, the output length.</summary>
    public static string ChatBody(string model, string? system, string user, int maxTokens, bool streamed)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteBoolean("stream", streamed);
            w.WriteNumber("max_tokens", maxTokens);
            w.WriteStartArray("messages");
            if (system is not null)
            {
                w.WriteStartObject();
                w.WriteString("role", "system");
                w.WriteString("content", system);
                w.WriteEndObject();
            }

            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", user);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double LogNormal(Random rng, double mean, double sigma)
    {
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var mu = Math.Log(mean) - (sigma * sigma / 2);
        return Math.Exp(mu + (sigma * z));
    }

    /// <summary><paramref name="tokens"/> words of one NodeSim token each.</summary>
    public static string Text(Random rng, int tokens)
    {
        var sb = new StringBuilder(tokens * 4);
        for (var i = 0; i < tokens; i++)
        {
            sb.Append(Words[rng.Next(Words.Length)]).Append(' ');
        }

        return sb.ToString();
    }
}
