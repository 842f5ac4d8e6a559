using System.Buffers;
using System.IO.Pipelines;
using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.PerSilo.Keys;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// The protocol a client speaks, at the edges of the one data-plane door: once the key is authenticated, its request
/// is turned into the node's chat (or completion, embedding) body, and the node's answer, stream events and errors are
/// turned back into the client's shape. This base is OpenAI's own API, which the nodes speak: everything
/// passes through untouched. Other surfaces (Anthropic Messages) derive from it, one instance per request.
/// </summary>
public class ClientDialect
{
    /// <summary>OpenAI's API: the nodes' own protocol, nothing to translate.</summary>
    public static readonly ClientDialect OpenAi = new();

    /// <summary>Whether the key may also come in an <c>x-api-key</c> header (Anthropic's), besides <c>Authorization: Bearer</c>.</summary>
    public virtual bool AcceptsApiKeyHeader => false;

    /// <summary>Puts the key's rate-limit figures (OpenAI's <c>x-ratelimit-*</c> pairs) on the response, in the client's convention.</summary>
    public virtual void WriteLimitHeaders(IHeaderDictionary headers, IReadOnlyList<KeyValuePair<string, string>> limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var (name, value) in limits)
        {
            headers[name] = value;
        }
    }

    /// <summary>The node's body for the client's <paramref name="body"/>, or null with the client's error.</summary>
    public virtual byte[]? TranslateRequest(byte[] body, out GatoError? error)
    {
        error = null;
        return body;
    }

    /// <summary>
    /// The node's body for the client's <paramref name="body"/> sent with <paramref name="key"/>, or null with the client's
    /// error. A surface whose requests refer to what the tenant stored before (a Responses conversation) reads it here;
    /// the others translate in place (<see cref="TranslateRequest"/>).
    /// </summary>
    public virtual ValueTask<(byte[]? Body, GatoError? Error)> TranslateRequestAsync(ApiKeyEntry key, byte[] body, CancellationToken ct)
    {
        var translated = TranslateRequest(body, out var error);
        return ValueTask.FromResult((translated, error));
    }

    /// <summary>
    /// Called once a successful answer is complete and its usage durable, before its last bytes reach the client (a
    /// stream's closing events, a whole body): a surface that keeps answers (Responses' <c>store</c>) writes them here, so
    /// a client that has the answer finds it stored. <paramref name="translator"/> is the stream's, null for a whole answer.
    /// </summary>
    public virtual Task CompleteAsync(InferenceCall call, IStreamTranslator? translator) => Task.CompletedTask;

    /// <summary>Writes a refusal as the whole response, in the client's error shape, with <c>Retry-After</c> when it has one.</summary>
    public virtual Task WriteErrorAsync(HttpContext context, GatoError error) => OpenAiErrors.WriteAsync(context, error);

    /// <summary>The SSE event that ends a stream which broke after its first byte.</summary>
    public virtual byte[] ErrorEvent(GatoError error) => OpenAiErrors.SseEvent(error);

    /// <summary>
    /// The protocol of an attempt on <paramref name="node"/> when the node serves the client's own API itself (the
    /// request is then passed through natively), or null to translate as usual.
    /// </summary>
    public virtual NodeProtocol? NativeProtocol(InferenceCall call, GpuNodeRecord node) => null;

    /// <summary>A translator for one attempt's stream, or null to relay the node's events as they are.</summary>
    public virtual IStreamTranslator? StartStream(InferenceCall call) => null;

    /// <summary>The client's body for a node's successful whole (non-streamed) answer.</summary>
    public virtual ReadOnlyMemory<byte> TranslateAnswer(InferenceCall call, ReadOnlyMemory<byte> answer) => answer;

    /// <summary>The client's body for a node's 4xx answer about the request itself.</summary>
    public virtual ReadOnlyMemory<byte> TranslateNodeError(int status, ReadOnlyMemory<byte> body) => body;

    /// <summary>Writes the end of a stream that finished normally: the translator's closing events, else <c>[DONE]</c>.</summary>
    internal static void WriteEnd(IStreamTranslator? translator, PipeWriter client)
    {
        if (translator is null)
        {
            client.Write(SseRelay.Done);
            return;
        }

        translator.Finish(client);
    }
}
