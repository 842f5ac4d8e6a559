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
    long? Seed)
{
    /// <summary>Sampling, stop strings and logprobs.</summary>
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Default;

    /// <summary>Tools the model may call and how; <see cref="ToolOptions.None"/> when it writes text.</summary>
    public ToolOptions Tools { get; init; } = ToolOptions.None;

    /// <summary>What the content must be: free text, any JSON object, or JSON valid against a schema.</summary>
    public ResponseFormat Format { get; init; } = ResponseFormat.Text;

    /// <summary>vLLM's <c>cache_salt</c>: the prefix-cache namespace of the request; null when none.</summary>
    public string? CacheSalt { get; init; }

    /// <summary>What a tool call's id starts with: vLLM's <c>chatcmpl-tool-</c>, Anthropic's <c>toolu_</c>.</summary>
    public string ToolCallIdPrefix { get; init; } = "chatcmpl-tool-";

    /// <summary>The last user message's text (chat); the <c>auto</c> tool choice reads it.</summary>
    public string LastUserMessage { get; init; } = "";
}
