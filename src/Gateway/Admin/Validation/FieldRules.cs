using System.Globalization;
using System.Text.Json;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>
/// The rules admin fields share. Each returns the broken rule as a <see cref="FieldError"/> or null, so a request's
/// <c>Validate</c> reads as a chain of <c>??</c>: the first bad field wins.
/// </summary>
public static class FieldRules
{
    /// <summary>Longest name (tenant, key, model, alias, node id), counted after trimming.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Most entries in a list field (aliases, allowed models, a node's models, labels).</summary>
    public const int MaxListLength = 256;

    /// <summary>Longest node base URL.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Longest label value.</summary>
    public const int MaxLabelValueLength = 1000;

    /// <summary>Highest requests-per-minute limit: far above any real key, low enough that bucket arithmetic stays exact.</summary>
    public const long MaxRpm = 100_000_000;

    /// <summary>Highest tokens-per-minute limit.</summary>
    public const long MaxTpm = 100_000_000_000;

    /// <summary>Highest daily or monthly cost budget in USD (micro-dollars stay far inside a long).</summary>
    public const decimal MaxCostUsd = 1_000_000_000m;

    /// <summary>Highest monthly token budget.</summary>
    public const long MaxMonthlyTokens = 1_000_000_000_000_000;

    /// <summary>Highest cap on requests running at once.</summary>
    public const long MaxConcurrent = 1_000_000;

    /// <summary>Highest fair-share weight of a tenant.</summary>
    public const long MaxWeight = 10_000;

    /// <summary>Highest price per million tokens in USD.</summary>
    public const decimal MaxPricePerMillionUsd = 1_000_000m;

    /// <summary>A required field that is missing or null.</summary>
    public static FieldError Required(string field) => new(field, $"'{field}' is required.");

    /// <summary>A name: 1..<see cref="MaxNameLength"/> characters once trimmed, no control characters; null is allowed unless <paramref name="required"/>.</summary>
    public static FieldError? Name(string? value, string field, bool required = true)
    {
        if (value is null)
        {
            return required ? Required(field) : null;
        }

        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return new(field, $"'{field}' cannot be empty.");
        }

        if (trimmed.Length > MaxNameLength)
        {
            return new(field, $"'{field}' must be at most {MaxNameLength} characters.");
        }

        return NoControlCharacters(trimmed, field);
    }

    /// <summary>A list of names: at most <see cref="MaxListLength"/>, each a valid name (no nulls).</summary>
    public static FieldError? Names(IReadOnlyList<string>? values, string field)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > MaxListLength)
        {
            return new(field, $"'{field}' may hold at most {MaxListLength} entries.");
        }

        foreach (var value in values)
        {
            if (Name(value, field) is not null)
            {
                return new(field, $"Each entry of '{field}' must be a non-empty string of at most {MaxNameLength} characters without control characters.");
            }
        }

        return null;
    }

    /// <summary>A node id: a name that can also be a URL path segment (no <c>/</c>, <c>?</c>, <c>#</c>).</summary>
    public static FieldError? NodeId(string? value, string field) =>
        Name(value, field, required: false)
        ?? (value is not null && value.AsSpan().IndexOfAny("/?#") >= 0 ? new(field, $"'{field}' cannot contain '/', '?' or '#'.") : null);

    /// <summary>Labels: at most <see cref="MaxListLength"/>, keys are names, values at most <see cref="MaxLabelValueLength"/> characters without control characters.</summary>
    public static FieldError? Labels(IReadOnlyDictionary<string, string>? labels, string field)
    {
        if (labels is null)
        {
            return null;
        }

        if (labels.Count > MaxListLength)
        {
            return new(field, $"'{field}' may hold at most {MaxListLength} entries.");
        }

        foreach (var (key, value) in labels)
        {
            if (Name(key, field) is not null || value is null || value.Length > MaxLabelValueLength || NoControlCharacters(value, field) is not null)
            {
                return new(field, $"Each label of '{field}' needs a name of 1 to {MaxNameLength} characters and a string value of at most {MaxLabelValueLength}, without control characters.");
            }
        }

        return null;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; null passes.</summary>
    public static FieldError? Range(long? value, string field, long min, long max) =>
        value is { } v && (v < min || v > max) ? OutOfRange(field, min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>A decimal in [<paramref name="min"/>, <paramref name="max"/>]; null passes.</summary>
    public static FieldError? Range(decimal? value, string field, decimal min, decimal max) =>
        value is { } v && (v < min || v > max) ? OutOfRange(field, min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>]; null passes.</summary>
    public static FieldError? Range(double? value, string field, double min, double max) =>
        value is { } v && (!double.IsFinite(v) || v < min || v > max) ? OutOfRange(field, min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>
    /// The five limits of a tenant or key. Rates must be positive (a bucket of zero is a disabled key, which has its
    /// own switch); budgets may be zero (nothing may be spent), never negative.
    /// </summary>
    public static FieldError? Limits(int? rpm, long? tpm, decimal? dailyCostUsd, decimal? monthlyCostUsd, long? monthlyTokens, int? maxConcurrent = null) =>
        Range(rpm, "rpm", 1, MaxRpm)
        ?? Range(tpm, "tpm", 1, MaxTpm)
        ?? Range(dailyCostUsd, "daily_cost_usd", 0, MaxCostUsd)
        ?? Range(monthlyCostUsd, "monthly_cost_usd", 0, MaxCostUsd)
        ?? Range(monthlyTokens, "monthly_tokens", 0, MaxMonthlyTokens)
        ?? Range(maxConcurrent, "max_concurrent", 1, MaxConcurrent);

    /// <summary>A tenant's fair-share weight (1..<see cref="MaxWeight"/>) and guaranteed share (more than 0, less than 1); nulls pass.</summary>
    public static FieldError? Share(int? weight, double? guaranteedShare) =>
        Range(weight, "weight", 1, MaxWeight)
        ?? (guaranteedShare is { } g && !(g > 0 && g < 1) ? new("guaranteed_share", "'guaranteed_share' must be more than 0 and less than 1 (a fraction of the served GPU work).") : null);

    /// <summary>A defined member of <typeparamref name="TEnum"/> (JSON also accepts numbers, which may name none); null passes.</summary>
    public static FieldError? Defined<TEnum>(TEnum? value, string field)
        where TEnum : struct, Enum =>
        value is { } v && !Enum.IsDefined(v)
            ? new(field, $"'{field}' must be one of: {string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))}.")
            : null;

    /// <summary>A moment strictly after <paramref name="now"/>; null passes.</summary>
    public static FieldError? Future(DateTimeOffset? value, string field, DateTimeOffset now) =>
        value is { } v && v <= now ? new(field, $"'{field}' must be in the future.") : null;

    /// <summary>An absolute http(s) URL with a host, at most <see cref="MaxUrlLength"/> characters; null passes unless <paramref name="required"/>.</summary>
    public static FieldError? HttpUrl(string? value, string field, bool required)
    {
        if (value is null)
        {
            return required ? Required(field) : null;
        }

        return value.Length <= MaxUrlLength
            && Uri.TryCreate(value, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0
            ? null
            : new(field, $"'{field}' must be an absolute http(s) URL.");
    }

    private static FieldError? NoControlCharacters(ReadOnlySpan<char> value, string field)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return new(field, $"'{field}' cannot contain control characters.");
            }
        }

        return null;
    }

    private static FieldError OutOfRange(string field, string min, string max) =>
        new(field, $"'{field}' must be between {min} and {max}.");
}
