using System.Buffers;

namespace GatoLink.Gateway.Proxy;

/// <summary>
/// Server-sent events as the WHATWG HTML standard defines them (§9.2.6): lines end with CRLF, LF or CR; a blank line
/// ends an event; a line starting with ':' is a comment; <c>data</c> lines join with LF; one space after the colon
/// is dropped. vLLM and Ollama send <c>data: …\n\n</c>, TGI <c>data:…\n\n</c> with keep-alive comments, others CRLF.
/// Written here rather than taken from System.Net.ServerSentEvents, whose parser owns the stream and yields strings or
/// copies, while the relay must forward each event's own bytes from the node's PipeReader without a copy.
/// </summary>
public static class SseEvents
{
    private static ReadOnlySpan<byte> LineEnds => "\r\n"u8;

    /// <summary>
    /// Takes the next whole event off <paramref name="buffer"/>: its lines without the blank line that ends it (blank
    /// lines before it are skipped). False when no event is complete yet; a CR at the very end waits for a possible LF
    /// unless <paramref name="final"/> (the node closed the stream).
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, bool final, out ReadOnlySequence<byte> evt)
    {
        var reader = new SequenceReader<byte>(buffer);
        var start = reader.Position;
        SequencePosition? lastLineEnd = null;
        while (true)
        {
            var lineStart = reader.Consumed;
            if (!reader.TryAdvanceToAny(LineEnds, advancePastDelimiter: false))
            {
                evt = default;
                return false;
            }

            var lineEnd = reader.Position;
            var empty = reader.Consumed == lineStart;
            reader.TryRead(out var terminator);
            if (terminator == (byte)'\r')
            {
                if (!reader.TryPeek(out var next))
                {
                    if (!final)
                    {
                        evt = default;
                        return false;
                    }
                }
                else if (next == (byte)'\n')
                {
                    reader.Advance(1);
                }
            }

            if (!empty)
            {
                lastLineEnd = lineEnd;
            }
            else if (lastLineEnd is null)
            {
                start = reader.Position;
            }
            else
            {
                evt = buffer.Slice(start, lastLineEnd.Value);
                buffer = buffer.Slice(reader.Position);
                return true;
            }
        }
    }

    /// <summary>
    /// The event's data: its one <c>data</c> line's value as a slice of <paramref name="evt"/> (the usual case, no
    /// copy), or several joined with LF into <paramref name="joined"/>, rented from the shared pool for the caller to
    /// return. False for an event without data (comments, <c>id</c>, <c>retry</c> only), which the standard does not
    /// dispatch.
    /// </summary>
    public static bool TryGetData(ReadOnlySpan<byte> evt, out ReadOnlySpan<byte> data, out byte[]? joined)
    {
        joined = null;
        data = default;
        var lines = 0;
        var position = 0;
        var length = 0;
        while (NextLine(evt, ref position, out var start, out var end))
        {
            if (!IsData(evt[start..end], out var offset))
            {
                continue;
            }

            var value = evt[(start + offset)..end];

            if (++lines == 1)
            {
                data = value;
                length = value.Length;
                continue;
            }

            // A second data line: join them all, by the standard's rule (values separated by LF).
            joined ??= ArrayPool<byte>.Shared.Rent(evt.Length);
            if (lines == 2)
            {
                data.CopyTo(joined);
            }

            joined[length++] = (byte)'\n';
            value.CopyTo(joined.AsSpan(length));
            length += value.Length;
        }

        if (joined is not null)
        {
            data = joined.AsSpan(0, length);
        }

        return lines > 0;
    }

    /// <summary>Whether <paramref name="line"/> is a data field; <paramref name="offset"/> is where its value starts.</summary>
    private static bool IsData(ReadOnlySpan<byte> line, out int offset)
    {
        offset = 4;
        if (!line.StartsWith("data"u8))
        {
            return false;
        }

        if (line.Length == 4)
        {
            // "data" alone is the field with an empty value.
            return true;
        }

        if (line[4] != (byte)':')
        {
            return false;
        }

        offset = line.Length > 5 && line[5] == (byte)' ' ? 6 : 5;
        return true;
    }

    /// <summary>The next line of <paramref name="evt"/> from <paramref name="position"/>: [start, end) without its terminator.</summary>
    private static bool NextLine(ReadOnlySpan<byte> evt, ref int position, out int start, out int end)
    {
        start = position;
        end = position;
        if (position >= evt.Length)
        {
            return false;
        }

        var found = evt[position..].IndexOfAny(LineEnds);
        if (found < 0)
        {
            end = evt.Length;
            position = evt.Length;
            return true;
        }

        end = position + found;
        position = end + (evt[end] == (byte)'\r' && end + 1 < evt.Length && evt[end + 1] == (byte)'\n' ? 2 : 1);
        return true;
    }
}
