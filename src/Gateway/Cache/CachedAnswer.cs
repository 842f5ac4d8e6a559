using System.Buffers.Binary;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// An answer as the cache keeps it: the bytes the client got (a whole JSON body, or a stream's SSE events without the
/// closing <c>[DONE]</c>, the usage chunk included) and the node's token counts, which a hit saves.
/// </summary>
/// <param name="Streamed">Whether <paramref name="Body"/> is SSE events.</param>
/// <param name="PromptTokens">Prompt tokens the node counted.</param>
/// <param name="CompletionTokens">Completion tokens the node counted.</param>
/// <param name="Body">The answer's bytes.</param>
public sealed record CachedAnswer(bool Streamed, int PromptTokens, int CompletionTokens, ReadOnlyMemory<byte> Body)
{
    private const byte Version = 1;
    private const int HeaderLength = 10;

    /// <summary>The entry's bytes: version, streamed flag, the two counts, then the body.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderLength + Body.Length];
        bytes[0] = Version;
        bytes[1] = Streamed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), PromptTokens);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6), CompletionTokens);
        Body.Span.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>Reads an entry; null when the bytes are not one this version wrote (treated as a miss).</summary>
    public static CachedAnswer? FromBytes(byte[]? bytes)
    {
        if (bytes is null || bytes.Length < HeaderLength || bytes[0] != Version || bytes[1] > 1)
        {
            return null;
        }

        return new CachedAnswer(
            bytes[1] == 1,
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(2)),
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(6)),
            bytes.AsMemory(HeaderLength));
    }
}
