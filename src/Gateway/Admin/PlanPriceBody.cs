using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// One entry of a plan's <c>model_prices</c>: the plan's own price of a model, USD per million tokens (at most six
/// decimals, i.e. whole micro-dollars), which replaces the model's price for the plan's tenants.
/// </summary>
public sealed record PlanPriceBody(string? Model, decimal? InputUsdPerMillion, decimal? OutputUsdPerMillion)
{
    /// <summary>The JSON field the list is sent in.</summary>
    public const string Field = "model_prices";

    /// <summary>The first entry that breaks a rule (no model, a price missing, negative or finer than a micro-dollar, a model twice); null passes.</summary>
    public static FieldError? Validate(IReadOnlyList<PlanPriceBody?>? prices)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (prices?.Count ?? 0); i++)
        {
            var entry = prices![i];
            var at = $"{Field}[{i}]";
            var problem = entry is null || string.IsNullOrWhiteSpace(entry.Model) ? FieldRules.Required($"{at}.model")
                : entry.InputUsdPerMillion is null ? FieldRules.Required($"{at}.input_usd_per_million")
                : entry.OutputUsdPerMillion is null ? FieldRules.Required($"{at}.output_usd_per_million")
                : PlanRules.Usd(entry.InputUsdPerMillion, $"{at}.input_usd_per_million") ?? PlanRules.Usd(entry.OutputUsdPerMillion, $"{at}.output_usd_per_million")
                ?? (seen.Add(entry.Model.Trim()) ? null : new FieldError($"{at}.model", $"'{entry.Model.Trim()}' is priced twice in '{Field}'."));
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// The prices as stored, each under the model's own name (an alias is resolved); the first model this silo does
    /// not know is an error naming its entry.
    /// </summary>
    public static (PlanModelPrice[]? Prices, FieldError? Error) Resolve(IReadOnlyList<PlanPriceBody?>? prices, ModelDirectory models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (prices is null || prices.Count == 0)
        {
            return (null, null);
        }

        var resolved = new PlanModelPrice[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            var entry = prices[i]!;
            if (models.Resolve(entry.Model!.Trim()) is not { } model)
            {
                return (null, new FieldError($"{Field}[{i}].model", $"No model is named '{entry.Model.Trim()}'."));
            }

            resolved[i] = new PlanModelPrice(model.Name, Money.ToMicros(entry.InputUsdPerMillion!.Value), Money.ToMicros(entry.OutputUsdPerMillion!.Value));
        }

        return resolved.DistinctBy(p => p.Model, StringComparer.Ordinal).Count() == resolved.Length
            ? (resolved, null)
            : (null, new FieldError(Field, $"Two entries of '{Field}' name the same model (one by an alias)."));
    }
}
