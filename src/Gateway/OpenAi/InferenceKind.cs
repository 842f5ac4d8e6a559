namespace GatoLink.Gateway.OpenAi;

/// <summary>Which OpenAI endpoint a request came to.</summary>
public enum InferenceKind
{
    /// <summary>/v1/chat/completions</summary>
    Chat,
    /// <summary>/v1/completions</summary>
    Completion,
    /// <summary>/v1/embeddings</summary>
    Embedding,
}
