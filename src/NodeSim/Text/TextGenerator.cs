namespace GatoLink.NodeSim;

/// <summary>Deterministic "model output": one vocabulary word per token.</summary>
internal static class TextGenerator
{
    private static readonly string[] s_words =
    [
        "the", "gateway", "routes", "tokens", "to", "a", "node", "that", "answers", "quickly",
        "while", "cache", "blocks", "stay", "warm", "and", "latency", "remains", "low", "for",
        "every", "tenant", "budget", "is", "checked", "before", "prefill", "starts", "on", "GPU",
        "model", "streams", "chunks", "back", "with", "usage", "counted", "exactly", "once", "per",
        "request", "queue", "waits", "when", "slots", "are", "full", "then", "decode", "continues",
        "steady", "batch", "grows", "slowly", "under", "load", "so", "throughput", "rises", "until",
        "memory", "runs", "out", "again",
    ];

    // Pre-rendered " word" forms so the hot path does not concatenate per token.
    private static readonly string[] s_spaced = Array.ConvertAll(s_words, w => " " + w);

    /// <summary>A vocabulary word other than <paramref name="not"/>, for logprob alternatives.</summary>
    public static string Alternative(ref SplitMix64 rng, string not)
    {
        var word = s_spaced[rng.NextInt(s_spaced.Length)];
        return word == not ? s_spaced[(Array.IndexOf(s_spaced, word) + 1) % s_spaced.Length] : word;
    }

    /// <summary>Text of token <paramref name="index"/> (the first has no leading space).</summary>
    public static string NextToken(ref SplitMix64 rng, int index)
    {
        var word = rng.NextInt(s_words.Length);
        return index == 0 ? s_words[word] : s_spaced[word];
    }
}
