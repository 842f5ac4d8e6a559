namespace GatoLink.Integration.Tests.DataPlane.Sse;

/// <summary>
/// Streamed chat answers ("Hello world!", 5 prompt and 3 completion tokens) in the shapes each engine sends them:
/// vLLM and Ollama's OpenAI API (<c>data: …</c>, LF LF), TGI's Messages API (<c>data:…</c> without the space,
/// keep-alive comments), llama.cpp's server (a timings object, <c>data: …</c>), and servers or proxies that end lines
/// with CRLF or CR, or split one JSON chunk across several <c>data</c> lines, as the SSE standard allows.
/// </summary>
internal static class RecordedStreams
{
    /// <summary>The content the client must see, whatever the shape.</summary>
    public const string Content = "Hello world!";

    /// <summary>By name: the raw bytes a node sends as its response body.</summary>
    public static IReadOnlyDictionary<string, string> All => new Dictionary<string, string>
    {
        ["vllm"] = Lf("data: ", Vllm),
        ["ollama"] = Lf("data: ", Ollama),
        ["tgi"] = string.Concat(Tgi.Select(chunk => $":\n\ndata:{chunk}\n\n")),
        ["llamacpp"] = Lf("data: ", LlamaCpp),
        ["crlf"] = string.Concat(Vllm.Select(chunk => $"data: {chunk}\r\n\r\n")),
        ["cr"] = string.Concat(Vllm.Select(chunk => $"data: {chunk}\r\r")),
        ["mixed"] = string.Concat(Vllm.Select((chunk, i) => (i % 3) switch { 0 => $"data: {chunk}\r\n\n", 1 => $"id: {i}\rdata: {chunk}\r\n\r", _ => $": keep-alive\n\ndata: {chunk}\n\r\n" })),
        ["multiline"] = string.Concat(Vllm.Select(chunk => chunk == "[DONE]" ? "data: [DONE]\n\n" : $"event: message\ndata: {chunk.Replace(",", ",\ndata: ", StringComparison.Ordinal)}\n\n")),
    };

    private static readonly string[] Vllm =
    [
        """{"id":"chatcmpl-7f3a","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-7f3a","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-7f3a","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-7f3a","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}""",
        """{"id":"chatcmpl-7f3a","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","choices":[],"usage":{"prompt_tokens":5,"total_tokens":8,"completion_tokens":3}}""",
        "[DONE]",
    ];

    private static readonly string[] Ollama =
    [
        """{"id":"chatcmpl-412","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-412","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":" world"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-412","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"!"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-412","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}""",
        """{"id":"chatcmpl-412","object":"chat.completion.chunk","created":1733500000,"model":"demo-8b","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""",
        "[DONE]",
    ];

    private static readonly string[] Tgi =
    [
        """{"object":"chat.completion.chunk","id":"","created":1733500001,"model":"demo-8b","system_fingerprint":"3.0.1-sha-bb9095a","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}""",
        """{"object":"chat.completion.chunk","id":"","created":1733500001,"model":"demo-8b","system_fingerprint":"3.0.1-sha-bb9095a","choices":[{"index":0,"delta":{"role":"assistant","content":" world"},"logprobs":null,"finish_reason":null}],"usage":null}""",
        """{"object":"chat.completion.chunk","id":"","created":1733500001,"model":"demo-8b","system_fingerprint":"3.0.1-sha-bb9095a","choices":[{"index":0,"delta":{"role":"assistant","content":"!"},"logprobs":null,"finish_reason":"stop"}],"usage":null}""",
        """{"object":"chat.completion.chunk","id":"","created":1733500001,"model":"demo-8b","system_fingerprint":"3.0.1-sha-bb9095a","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""",
        "[DONE]",
    ];

    private static readonly string[] LlamaCpp =
    [
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1733500002,"id":"chatcmpl-Yq2","model":"demo-8b","system_fingerprint":"b4276-4ee8de5","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hello"}}],"created":1733500002,"id":"chatcmpl-Yq2","model":"demo-8b","system_fingerprint":"b4276-4ee8de5","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" world"}}],"created":1733500002,"id":"chatcmpl-Yq2","model":"demo-8b","system_fingerprint":"b4276-4ee8de5","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"!"}}],"created":1733500002,"id":"chatcmpl-Yq2","model":"demo-8b","system_fingerprint":"b4276-4ee8de5","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1733500002,"id":"chatcmpl-Yq2","model":"demo-8b","system_fingerprint":"b4276-4ee8de5","object":"chat.completion.chunk","usage":{"completion_tokens":3,"prompt_tokens":5,"total_tokens":8},"timings":{"prompt_n":5,"prompt_ms":12.1,"predicted_n":3,"predicted_ms":30.2}}""",
        "[DONE]",
    ];

    /// <summary>The data payloads a reader must find, in order, for a stream of <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> Payloads(string name) => name switch
    {
        "ollama" => Ollama,
        "tgi" => Tgi,
        "llamacpp" => LlamaCpp,
        "multiline" => [.. Vllm.Select(chunk => chunk.Replace(",", ",\n", StringComparison.Ordinal))],
        _ => Vllm,
    };

    private static string Lf(string prefix, IEnumerable<string> chunks) => string.Concat(chunks.Select(chunk => $"{prefix}{chunk}\n\n"));
}
