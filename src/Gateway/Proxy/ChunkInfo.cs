namespace GatoLink.Gateway.Proxy;

/// <summary>What one streamed chunk (or a whole response) says about tokens.</summary>
public struct ChunkInfo
{
    /// <summary>The chunk had a non-empty <c>choices</c> array.</summary>
    public bool HasChoices;

    /// <summary>The first choice carried generated text (one streamed token).</summary>
    public bool HasContent;

    /// <summary>A <c>usage</c> object was present and not null.</summary>
    public bool HasUsage;

    /// <summary><c>usage.prompt_tokens</c>.</summary>
    public int PromptTokens;

    /// <summary><c>usage.completion_tokens</c>.</summary>
    public int CompletionTokens;

    /// <summary>The payload was an error object.</summary>
    public bool IsError;
}
