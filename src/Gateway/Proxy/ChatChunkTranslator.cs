using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// A stream translator that works chunk by chunk: each of the node's SSE events is read for its <c>data:</c> (joined when
/// it spans several lines), comments (keep-alives) pass through as they are, and an event's data goes to
/// <see cref="TranslateChunk"/>.
/// </summary>
public abstract class ChatChunkTranslator : IStreamTranslator
{
    /// <inheritdoc />
    public void Translate(ReadOnlySpan<byte> nodeEvent, PipeWriter client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!SseEvents.TryGetData(nodeEvent, out var data, out var joined))
        {
            // A comment (keep-alive) is SSE, not a chat chunk: the clients' SDKs skip it as well.
            SseRelay.Write(client, nodeEvent);
            return;
        }

        try
        {
            if (!data.IsEmpty)
            {
                TranslateChunk(data, client);
            }
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }
    }

    /// <inheritdoc />
    public abstract void Finish(PipeWriter client);

    /// <summary>One chat chunk of the node (an event's data) as what the client gets for it, possibly nothing.</summary>
    protected abstract void TranslateChunk(ReadOnlySpan<byte> data, PipeWriter client);

    /// <summary>The node's prompt tokens, once a chunk carried its usage.</summary>
    protected long? InputTokens { get; private set; }

    /// <summary>The node's completion tokens, once a chunk carried its usage.</summary>
    protected long? OutputTokens { get; private set; }

    /// <summary>Takes the chat usage (<c>prompt_tokens</c>, <c>completion_tokens</c>) of a chunk that has it.</summary>
    protected void ReadUsage(JsonElement chunk)
    {
        if (!chunk.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (usage.TryGetProperty("prompt_tokens", out var prompt) && prompt.TryGetInt64(out var p))
        {
            InputTokens = p;
        }

        if (usage.TryGetProperty("completion_tokens", out var completion) && completion.TryGetInt64(out var c))
        {
            OutputTokens = c;
        }
    }
}
