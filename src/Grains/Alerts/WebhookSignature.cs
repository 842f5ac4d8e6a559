using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GatoLink.Grains.Alerts;

/// <summary>
/// The header <c>x-gatolink-signature: t=UNIX_SECONDS,v1=HEX</c>, where HEX is HMAC-SHA256 with the webhook's secret over
/// <c>"{t}.{body}"</c>: a receiver recomputes it, compares in constant time and refuses an old <c>t</c> (replays).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header's name.</summary>
    public const string Header = "x-gatolink-signature";

    /// <summary>The header's value for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Sign(string secret, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> (what a receiver does).</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(header);
        var parts = header.Split(',');
        if (parts.Length != 2 || !parts[0].StartsWith("t=", StringComparison.Ordinal) || !parts[1].StartsWith("v1=", StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(parts[1].AsSpan(3));
        }
        catch (FormatException)
        {
            return false; // not hex: not our signature
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, parts[0][2..], body));
    }

    private static byte[] Mac(string secret, string t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(t + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
