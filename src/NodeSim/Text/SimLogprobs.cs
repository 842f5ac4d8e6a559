namespace GatoLink.NodeSim;

/// <summary>
/// Simulated log-probabilities: each token's value and its alternatives come from the choice's seed and the
/// token's position, so they repeat with the output. The sampled token is listed first among the alternatives
/// (the greedy choice at temperature 0), the others below it, in descending order.
/// </summary>
internal static class SimLogprobs
{
    public static double Of(ulong choiceSeed, int token)
    {
        var rng = new SplitMix64(SplitMix64.Mix(choiceSeed, (ulong)token));
        return -Math.Round(rng.NextDouble() * 2.5, 4);
    }

    /// <summary>Writes <paramref name="count"/> (token, logprob) pairs through <paramref name="write"/>.</summary>
    public static void Top<TState>(ulong choiceSeed, int token, string text, int count, TState state, Action<TState, string, double> write)
    {
        if (count <= 0)
        {
            return;
        }

        var logprob = Of(choiceSeed, token);
        write(state, text, logprob);
        var rng = new SplitMix64(SplitMix64.Mix(choiceSeed ^ 0xA17E5UL, (ulong)token));
        for (var i = 1; i < count; i++)
        {
            logprob = Math.Round(logprob - 0.25 - rng.NextDouble(), 4);
            write(state, TextGenerator.Alternative(ref rng, text), logprob);
        }
    }
}
