using System.Security.Cryptography;
using System.Text;

namespace GatoLink.PerSilo.Keys;

/// <summary>Makes and hashes key secrets. The secret is shown once; only its SHA-256 is kept.</summary>
public static class ApiKeySecrets
{
    /// <summary>Every secret starts with this, so leaked keys are easy to find by scanners.</summary>
    public const string SecretPrefix = "gl-";

    /// <summary>How many characters of the secret are kept for display.</summary>
    public const int DisplayPrefixLength = 10;

    /// <summary>A fresh secret: prefix + 40 base62-ish characters (238 bits of entropy).</summary>
    public static string NewSecret()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> chars = stackalloc char[40];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return SecretPrefix + new string(chars);
    }

    /// <summary>SHA-256 of the secret's UTF-8 bytes.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>SHA-256 of a secret given as UTF-8 bytes, into <paramref name="destination"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> secretUtf8, Span<byte> destination) => SHA256.HashData(secretUtf8, destination);

    /// <summary>The part of a secret that may be shown.</summary>
    public static string DisplayPrefix(string secret) =>
        secret.Length <= DisplayPrefixLength ? secret : secret[..DisplayPrefixLength];
}
