using System.Buffers;
using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Gateway.Proxy;

/// <summary>What a relayed event means for its stream.</summary>
internal enum EventAction
{
    /// <summary>Sent on to the client.</summary>
    Forward,

    /// <summary>Read, not sent (a keep-alive before the stream is the client's, the usage chunk nobody asked for).</summary>
    Suppress,

    /// <summary>The stream's end: held back until the attempt's usage is durable.</summary>
    Done,
}

/// <summary>
/// Reads the events of a node's stream for <see cref="SseRelay"/>: what each tells about the attempt (usage, tokens,
/// errors, the end) and whether it goes on to the client. No I/O: the relay does the reading and writing.
/// </summary>
internal static class StreamEventReader
{
    /// <summary>
    /// Reads one node event (comments and keep-alives included) into the attempt's result: usage, forwarded tokens, a
    /// node error; says whether to forward it, hold it back, or end the stream there.
    /// </summary>
    public static EventAction Classify(ReadOnlySpan<byte> evt, InferenceCall call, AttemptResult result)
    {
        if (!SseEvents.TryGetData(evt, out var data, out var joined))
        {
            // No data (a comment, a keep-alive): not an event to the standard. Passed on once the stream is the
            // client's, so its keep-alive reaches it; before that it must not commit the response to this node.
            return result.FirstTokenAt == 0 ? EventAction.Suppress : EventAction.Forward;
        }

        try
        {
            return result.Protocol.Native ? ClassifyNative(data, result) : ClassifyChat(data, call.Request.ClientWantsUsage, result);
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }
    }

    /// <summary>An event of a node in the client's own protocol: read for usage, forwarded as it is, its end held back.</summary>
    private static EventAction ClassifyNative(ReadOnlySpan<byte> data, AttemptResult result)
    {
        NativeEvent evt;
        try
        {
            evt = result.Protocol.ReadEvent(data);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not the protocol's event: forwarded (the client judges it), the attempt ends as the node's error.
            result.Status = UsageStatus.UpstreamError;
            return EventAction.Forward;
        }

        if (evt.Info.HasUsage)
        {
            result.Usage = evt.Info;
        }

        if (evt.Info.IsError)
        {
            result.Status = UsageStatus.UpstreamError;
        }

        result.ForwardedTokens += evt.Info.TokenChoices;
        return evt.End ? EventAction.Done : EventAction.Forward;
    }

    /// <summary>An OpenAI chat or completion chunk: usage, tokens and errors read, the usage-only chunk held back unless asked for.</summary>
    private static EventAction ClassifyChat(ReadOnlySpan<byte> data, bool clientWantsUsage, AttemptResult result)
    {
        if (data.IsEmpty)
        {
            return EventAction.Forward;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return EventAction.Done;
        }

        var info = ChunkInspector.Inspect(data);

        // The stream's usage is the include_usage chunk (no choices). Usage inside a chunk with choices is
        // continuous_usage_stats: vLLM counts only that chunk's choice there, so with n > 1 it is not the request's.
        if (info.HasUsage && (!info.HasChoices || !result.Usage.HasUsage || result.Usage.HasChoices))
        {
            result.Usage = info;
        }

        if (info.IsError)
        {
            result.Status = UsageStatus.UpstreamError;
        }

        result.ForwardedTokens += info.TokenChoices;

        // The node was asked for usage on the client's behalf; the usage-only chunk is ours.
        return info.HasUsage && !info.HasChoices && !clientWantsUsage
            ? EventAction.Suppress
            : EventAction.Forward;
    }
}
