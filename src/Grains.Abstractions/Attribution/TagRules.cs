namespace GatoLink.Grains.Abstractions.Attribution;

/// <summary>
/// What an attribution tag may be: a key of 1–64 letters, digits, <c>_</c>, <c>-</c> or <c>.</c>, a value of 1–256
/// characters without control characters, at most <see cref="MaxTags"/> on one request (defaults included).
/// </summary>
public static class TagRules
{
    /// <summary>Most tags one request carries.</summary>
    public const int MaxTags = 10;

    /// <summary>Longest tag key.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>Longest tag value.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Why <paramref name="key"/> is not a tag key, or null when it is one.</summary>
    public static string? KeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > MaxKeyLength)
        {
            return $"a tag key must be 1 to {MaxKeyLength} characters";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return "a tag key may hold only letters, digits, '_', '-' and '.'";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="value"/> is not a tag value, or null when it is one.</summary>
    public static string? ValueProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > MaxValueLength)
        {
            return $"a tag value must be 1 to {MaxValueLength} characters";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return "a tag value may not hold control characters";
            }
        }

        return null;
    }
}
