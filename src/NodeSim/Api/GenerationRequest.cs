namespace GatoLink.NodeSim;

/// <summary>The parts of a chat/completions request the simulator honours.</summary>
internal sealed record GenerationRequest(
    GenerationKind Kind,
    string Model,
    List<int> PromptIds,
    int? MaxTokens,
    bool Stream,
    bool IncludeUsage,
    bool ContinuousUsage,
    long? Seed);
