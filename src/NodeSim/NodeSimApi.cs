namespace GatoLink.NodeSim;

/// <summary>Which provider's protocol a simulated node speaks.</summary>
public enum NodeSimApi
{
    /// <summary>vLLM's OpenAI server: chat, completions, embeddings, tokenize.</summary>
    OpenAi,

    /// <summary>
    /// Anthropic's Messages API (<c>POST /v1/messages</c>) in front of the same engine: <c>x-api-key</c> and
    /// <c>anthropic-version</c> checks, Anthropic's events, errors and rate-limit headers.
    /// </summary>
    Anthropic,
}
