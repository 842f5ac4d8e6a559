namespace GatoLink.Gateway.Proxy;

/// <summary>What one streamed chunk (or a whole response) says about tokens.</summary>
public struct ChunkInfo
{
    /// <summary>The chunk had a non-empty <c>choices</c> array.</summary>
    public bool HasChoices;

    /// <summary>
    /// Choices of this chunk that carried a generated token: content, reasoning, completion text, or a tool call's
    /// name or arguments. vLLM streams one token per choice per chunk, so in a stream this is the chunk's tokens.
    /// </summary>
    public int TokenChoices;

    /// <summary>A <c>usage</c> object was present and not null.</summary>
    public bool HasUsage;

    /// <summary><c>usage.prompt_tokens</c>.</summary>
    public int PromptTokens;

    /// <summary><c>usage.completion_tokens</c>.</summary>
    public int CompletionTokens;

    /// <summary>The payload was an error object.</summary>
    public bool IsError;
}
