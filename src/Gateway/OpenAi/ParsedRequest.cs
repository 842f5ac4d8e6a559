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

    /// <summary>
    /// Characters of <c>tools</c> and <c>response_format</c> as sent. The chat template renders tool definitions into
    /// the prompt; a response_format schema is not rendered, but counting it keeps the estimate on the safe side.
    /// </summary>
    public int SchemaChars { get; set; }

    /// <summary>The <c>n</c> field (choices to generate); 1 when absent or not a positive integer (the node refuses those).</summary>
    public int Choices { get; set; } = 1;

    /// <summary>The <c>metadata</c> object's pairs in body order; null when absent (attribution tags).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Metadata { get; set; }

    /// <summary>The <c>user</c> field; null when absent (the attribution tag <c>user</c>).</summary>
    public string? User { get; set; }

    /// <summary>Estimated prompt tokens: about four characters a token plus template overhead.</summary>
    public int EstimatedPromptTokens => (int)Math.Min(int.MaxValue, ((long)PromptChars + SchemaChars + 3) / 4 + (4L * PromptParts));

    /// <summary>
    /// Output tokens to reserve at admission: every choice may generate max_tokens, so n × max_tokens (the model's
    /// default when the request has none). Null for a single choice without max_tokens: the default applies as before.
    /// </summary>
    public int? OutputReserve(int defaultMaxTokens) => Choices == 1
        ? MaxTokens
        : (int)Math.Min(int.MaxValue, (long)(MaxTokens ?? defaultMaxTokens) * Choices);

    /// <summary>A budget's cap on the reserved output (all choices together) as each choice's max_tokens.</summary>
    public int? PerChoiceCap(int? cappedOutput) => cappedOutput is { } cap ? Math.Max(1, cap / Choices) : null;
}
