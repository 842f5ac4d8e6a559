using GatoLink.Gateway.Admin.Validation;

namespace GatoLink.Gateway.Admin;

/// <summary>The money rules of plans and wallets: exact micro-USD, never a rounded amount.</summary>
public static class PlanRules
{
    /// <summary>Largest amount accepted: a billion dollars.</summary>
    public const decimal MaxUsd = 1_000_000_000m;

    /// <summary>A non-negative USD amount that is a whole number of micro-dollars (unset passes).</summary>
    public static FieldError? Usd(decimal? value, string field) =>
        value is not { } v ? null
        : v < 0 || v > MaxUsd ? new FieldError(field, $"'{field}' must be between 0 and {MaxUsd}.")
        : decimal.Round(v, 6) != v ? new FieldError(field, $"'{field}' must be a whole number of micro-dollars (at most six decimals).")
        : null;

    /// <summary>A wallet amount: required, non-zero, whole cents, positive unless <paramref name="mayBeNegative"/>.</summary>
    public static FieldError? Cents(decimal? value, string field, bool mayBeNegative) =>
        value is not { } v ? FieldRules.Required(field)
        : v == 0 || (!mayBeNegative && v < 0) ? new FieldError(field, mayBeNegative ? $"'{field}' must not be zero." : $"'{field}' must be more than zero.")
        : Math.Abs(v) > MaxUsd ? new FieldError(field, $"'{field}' must be at most {MaxUsd} in size.")
        : decimal.Round(v, 2) != v ? new FieldError(field, $"'{field}' must be whole cents (no fractions of a cent).")
        : null;

    /// <summary>A count of tokens: zero or more (unset passes).</summary>
    public static FieldError? Tokens(long? value, string field) =>
        value is < 0 ? new FieldError(field, $"'{field}' must be zero or more tokens.") : null;
}
