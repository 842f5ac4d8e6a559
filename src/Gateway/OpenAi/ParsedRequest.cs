namespace GatoLink.Gateway.OpenAi;

/// <summary>The few fields of a request body that routing, admission and billing need.</summary>
public sealed class ParsedRequest
{
    /// <summary>The <c>model</c> field.</summary>
    public string Model { get; set; } = "";

    /// <summary>Byte range of the <c>model</c> value (with its quotes) in the body.</summary>
    public Range ModelRange { get; set; }

    /// <summary>The <c>stream</c> field.</summary>
    public bool Stream { get; set; }

    /// <summary><c>max_completion_tokens</c>, else <c>max_tokens</c>; null when absent.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>Whether the body had a <c>stream_options</c> object.</summary>
    public bool HasStreamOptions { get; set; }

    /// <summary><c>stream_options.include_usage</c> as the client sent it.</summary>
    public bool ClientWantsUsage { get; set; }

    /// <summary>Characters of prompt text (all strings inside messages/prompt/input).</summary>
    public int PromptChars { get; set; }

    /// <summary>Number of messages, prompts or inputs (each costs a few template tokens).</summary>
    public int PromptParts { get; set; }

    /// <summary>Byte range of the prompt value in the body, for prefix affinity.</summary>
    public Range PromptRange { get; set; }

    /// <summary>Estimated prompt tokens: about four characters a token plus template overhead.</summary>
    public int EstimatedPromptTokens => (PromptChars + 3) / 4 + (4 * PromptParts);
}
