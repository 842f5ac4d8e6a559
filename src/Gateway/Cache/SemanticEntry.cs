using System.Buffers.Binary;
using System.Text;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// One stored answer's question as every silo's <see cref="SemanticIndex"/> holds it, and as it travels through Redis
/// (<see cref="SemanticIndexSync"/>): its partition (tenant first), the exact entry its answer is stored under, when it
/// expires and its unit vector.
/// </summary>
/// <param name="Partition">Tenant, model and every parameter but the messages (see <see cref="ExactKey"/>).</param>
/// <param name="Key">The exact entry key of the answer.</param>
/// <param name="Expires">When the answer's time to live ends.</param>
/// <param name="Vector">The question's unit-length embedding.</param>
public sealed record SemanticEntry(string Partition, string Key, DateTimeOffset Expires, float[] Vector)
{
    private const byte Version = 1;
    private const int MaxTextBytes = ushort.MaxValue;

    /// <summary>Version, expiry (Unix ms), partition and key (length-prefixed UTF-8), then the floats (little-endian).</summary>
    public byte[] ToBytes()
    {
        var partition = Encoding.UTF8.GetBytes(Partition);
        var key = Encoding.UTF8.GetBytes(Key);
        if (partition.Length > MaxTextBytes || key.Length > MaxTextBytes)
        {
            throw new InvalidOperationException("A semantic entry's partition and key are hashes: far shorter than 64 KiB.");
        }

        var bytes = new byte[1 + 8 + 2 + partition.Length + 2 + key.Length + (Vector.Length * sizeof(float))];
        var span = bytes.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], Expires.ToUnixTimeMilliseconds());
        var at = 9;
        foreach (var text in (byte[][])[partition, key])
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)text.Length);
            text.CopyTo(span[(at + 2)..]);
            at += 2 + text.Length;
        }

        for (var i = 0; i < Vector.Length; i++, at += sizeof(float))
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], Vector[i]);
        }

        return bytes;
    }

    /// <summary>Reads an entry; null when the bytes are not one this version wrote, or its vector is not <paramref name="dimensions"/> long.</summary>
    public static SemanticEntry? FromBytes(ReadOnlySpan<byte> bytes, int dimensions)
    {
        if (bytes.Length < 13 || bytes[0] != Version)
        {
            return null;
        }

        var expires = BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]);
        var at = 9;
        var texts = new string[2];
        for (var t = 0; t < texts.Length; t++)
        {
            if (bytes.Length < at + 2)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            if (bytes.Length < at + 2 + length)
            {
                return null;
            }

            texts[t] = Encoding.UTF8.GetString(bytes.Slice(at + 2, length));
            at += 2 + length;
        }

        if (bytes.Length - at != dimensions * sizeof(float)
            || expires < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || expires > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++, at += sizeof(float))
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
        }

        return new SemanticEntry(texts[0], texts[1], DateTimeOffset.FromUnixTimeMilliseconds(expires), vector);
    }
}
