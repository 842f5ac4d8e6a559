using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Quotas;

/// <summary>How many output tokens a remaining cost budget can pay for.</summary>
public static class CostCap
{
    /// <summary>
    /// floor((remaining − prompt cost) ÷ output price per token), exact in decimal; 0 when the prompt alone
    /// does not fit; <see cref="long.MaxValue"/> when output is free and the prompt fits.
    /// </summary>
    /// <remarks>
    /// The unrounded cost of prompt + the result is ≤ remaining, so the rounded
    /// <see cref="ModelPrice.CostMicros"/> is too: a capped request's worst case never overspends.
    /// </remarks>
    public static long AffordableOutputTokens(ModelPrice price, long promptTokens, long remainingMicros)
    {
        ArgumentNullException.ThrowIfNull(price);
        if (remainingMicros <= 0)
        {
            return 0;
        }

        // Everything in micro-dollars × 1e6 (the price unit is per million tokens), so no division until the end.
        var left = (decimal)remainingMicros * 1_000_000m - (decimal)promptTokens * price.InputMicrosPerMillion;
        if (left < 0)
        {
            return 0;
        }

        if (price.OutputMicrosPerMillion <= 0)
        {
            return long.MaxValue;
        }

        var tokens = decimal.Floor(left / price.OutputMicrosPerMillion);
        return tokens >= long.MaxValue ? long.MaxValue : (long)tokens;
    }
}
