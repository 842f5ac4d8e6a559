namespace GatoLink.NodeSim;

/// <summary>What a generation request will do, decided before it is admitted.</summary>
internal sealed record GenerationPlan(
    string Model,
    int PromptTokens,
    ulong[] PromptBlockHashes,
    int OutputTokens,
    FinishReason FinishReason,
    ulong TextSeed);
