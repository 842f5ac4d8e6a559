using System.Buffers.Binary;

namespace GatoLink.PerSilo.Keys;

/// <summary>A SHA-256 as a value type, so a lookup by hash allocates nothing.</summary>
public readonly record struct SecretHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Reads 32 bytes.</summary>
    public static SecretHash From(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A SHA-256 has 32 bytes.", nameof(sha256));
        }

        return new SecretHash(
            BinaryPrimitives.ReadUInt64LittleEndian(sha256),
            BinaryPrimitives.ReadUInt64LittleEndian(sha256[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(sha256[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(sha256[24..]));
    }
}
