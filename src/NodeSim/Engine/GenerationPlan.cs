namespace GatoLink.NodeSim;

/// <summary>What a generation request will do, decided before it is admitted.</summary>
/// <param name="Choices">One plan per choice (<c>n</c>); each is one sequence in the scheduler.</param>
internal sealed record GenerationPlan(
    string Model,
    int PromptTokens,
    ulong[] PromptBlockHashes,
    IReadOnlyList<ChoicePlan> Choices)
{
    /// <summary>Tokens of all choices together: what usage reports as completion_tokens.</summary>
    public int OutputTokens { get; } = Choices.Sum(c => c.Tokens.Count);

    /// <summary>Decode steps: every choice gets one token per step, so the longest choice sets the count.</summary>
    public int Steps { get; } = Choices.Max(c => c.Tokens.Count);
}
