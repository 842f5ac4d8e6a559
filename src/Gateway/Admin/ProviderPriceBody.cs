using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>One entry of a node's <c>prices</c>: what the provider charges for a model, in USD per million tokens.</summary>
public sealed record ProviderPriceBody(string? Model, decimal? InputPerMillionUsd, decimal? OutputPerMillionUsd)
{
    /// <summary>The stored price (micro-USD per million tokens).</summary>
    public ProviderPrice ToPrice() => new(Model!.Trim(), Money.ToMicros(InputPerMillionUsd ?? 0), Money.ToMicros(OutputPerMillionUsd ?? 0));

    /// <summary>The view of a stored price.</summary>
    public static ProviderPriceBody From(ProviderPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new(price.Model, Money.ToUsd(price.InputMicrosPerMillion), Money.ToUsd(price.OutputMicrosPerMillion));
    }

    /// <summary>Checks each entry (<c>prices[i].model</c> and so on); each model at most once.</summary>
    public static FieldError? Validate(IReadOnlyList<ProviderPriceBody?>? prices)
    {
        if (prices is null)
        {
            return null;
        }

        if (prices.Count > FieldRules.MaxListLength)
        {
            return new FieldError("prices", $"'prices' may hold at most {FieldRules.MaxListLength} entries.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < prices.Count; i++)
        {
            var field = $"prices[{i}]";
            if (prices[i] is not { } price)
            {
                return FieldRules.Required(field);
            }

            var error = FieldRules.Name(price.Model, $"{field}.model")
                ?? (price.InputPerMillionUsd is null ? FieldRules.Required($"{field}.input_per_million_usd") : null)
                ?? FieldRules.Range(price.InputPerMillionUsd, $"{field}.input_per_million_usd", 0, FieldRules.MaxPricePerMillionUsd)
                ?? (price.OutputPerMillionUsd is null ? FieldRules.Required($"{field}.output_per_million_usd") : null)
                ?? FieldRules.Range(price.OutputPerMillionUsd, $"{field}.output_per_million_usd", 0, FieldRules.MaxPricePerMillionUsd)
                ?? (seen.Add(price.Model!.Trim()) ? null : new FieldError($"{field}.model", $"'{field}.model' names a model priced twice."));
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>The stored prices of a validated list.</summary>
    public static List<ProviderPrice>? ToPrices(IReadOnlyList<ProviderPriceBody?>? prices) => prices?.Select(p => p!.ToPrice()).ToList();
}
