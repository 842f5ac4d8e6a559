using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// Gives a replayed answer its own id. OpenAI documents a completion's <c>id</c> as a unique identifier, and what clients
/// build on it assumes so (stored completions fetched by id, the Responses API's <c>previous_response_id</c>, tracing
/// and evaluation tools that key traces by id): two requests must not share one. The official SDKs only read it. So a
/// hit keeps the stored answer's content, <c>created</c> and usage (the <c>x-gatolink-cache: hit</c> header says it is
/// a replay) and gets a fresh id of the same shape and length: the prefix up to the last <c>-</c> or <c>_</c>
/// (<c>chatcmpl-</c>, <c>cmpl-</c>, <c>msg_</c>, <c>resp_</c>) and new random characters.
/// </summary>
public static class ReplayId
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// <paramref name="body"/> (a JSON answer, or a stream's SSE events) with every occurrence of its id, the first string
    /// property named <c>id</c> of the answer (of a stream's first event), replaced by a fresh one; as is when it has none.
    /// </summary>
    public static ReadOnlyMemory<byte> Fresh(ReadOnlyMemory<byte> body, bool streamed)
    {
        var json = streamed ? FirstData(body) : body.Span;
        if (FindId(json) is not { Length: > 0 } old)
        {
            return body;
        }

        var quoted = new byte[old.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        old.CopyTo(quoted, 1);
        var replacement = (byte[])quoted.Clone();
        var prefix = old.AsSpan().LastIndexOfAny((byte)'-', (byte)'_') + 1;
        var suffix = RandomNumberGenerator.GetItems<char>(Alphabet, old.Length - prefix);
        for (var i = 0; i < suffix.Length; i++)
        {
            replacement[1 + prefix + i] = (byte)suffix[i];
        }

        var copy = body.ToArray();
        var span = copy.AsSpan();
        for (var at = span.IndexOf(quoted); at >= 0; at = Next(span, quoted, at))
        {
            replacement.CopyTo(span[at..]);
        }

        return copy;
    }

    private static int Next(Span<byte> span, byte[] quoted, int at)
    {
        var from = at + quoted.Length;
        var next = span[from..].IndexOf(quoted);
        return next < 0 ? -1 : from + next;
    }

    private static ReadOnlySpan<byte> FirstData(ReadOnlyMemory<byte> events)
    {
        var sequence = new ReadOnlySequence<byte>(events);
        while (SseEvents.TryRead(ref sequence, true, out var evt))
        {
            // One segment: the events come from one array. An event whose data spans several lines is not an answer's first chunk.
            if (SseEvents.TryGetData(evt.FirstSpan, out var data, out var joined) && joined is null)
            {
                return data.Length > 0 && data[0] == (byte)'{' ? data : [];
            }

            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
                return [];
            }
        }

        return [];
    }

    /// <summary>The raw bytes of the first string value of a property named <c>id</c>, at any depth; null when none (or escaped).</summary>
    private static byte[]? FindId(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                {
                    return reader.ValueSpan.ToArray();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all (an engine's odd answer): it is replayed as stored, with its id.
            return null;
        }

        return null;
    }
}
