namespace GatoLink.NodeSim;

/// <summary>Sampling parameters of a request, validated as vLLM validates them.</summary>
/// <param name="N">Choices to generate (<c>n</c>).</param>
/// <param name="Temperature">0 is greedy: the output depends on the prompt only.</param>
/// <param name="TopP">In (0, 1]; accepted, it changes nothing in the simulated text.</param>
/// <param name="Stop">Stop strings; output ends before the first one that appears.</param>
/// <param name="Logprobs">Whether each token carries its logprob.</param>
/// <param name="TopLogprobs">Alternatives listed per token (0–20).</param>
internal sealed record SamplingOptions(int N, double Temperature, double TopP, IReadOnlyList<string> Stop, bool Logprobs, int TopLogprobs)
{
    public static SamplingOptions Default { get; } = new(1, 1.0, 1.0, [], false, 0);
}
