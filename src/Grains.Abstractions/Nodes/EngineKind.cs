using System.Text.Json.Serialization;

namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>The inference server behind a GPU node; decides how its live load is read.</summary>
public enum EngineKind
{
    /// <summary>vLLM's OpenAI server: load from <c>/metrics</c> (vllm:*).</summary>
    Vllm,
    /// <summary>Ollama: load from <c>/api/ps</c> and <c>/api/tags</c>.</summary>
    Ollama,
    /// <summary>Hugging Face text-generation-inference: load from <c>/metrics</c> (tgi_*).</summary>
    Tgi,
    /// <summary>llama.cpp's server: load from <c>/metrics</c> (llamacpp:*) and <c>/slots</c>.</summary>
    [JsonStringEnumMemberName("llamacpp")]
    LlamaCpp,
    /// <summary>Any OpenAI-compatible server: load from this silo's in-flight counts alone.</summary>
    [JsonStringEnumMemberName("openai")]
    OpenAi,
    /// <summary>
    /// A server that speaks Anthropic's Messages API (<c>POST /v1/messages</c>, <c>x-api-key</c>): Anthropic itself, or
    /// an engine with that surface. Exposes no load: placement uses this silo's in-flight counts.
    /// </summary>
    [JsonStringEnumMemberName("anthropic")]
    Anthropic,
}
