using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>POST /admin/models</c>.</summary>
public sealed record ModelRequest(
    string? Name,
    IReadOnlyList<string>? Aliases,
    int? ContextLength,
    int? DefaultMaxTokens,
    PlacementStrategyKind? Strategy,
    decimal? InputPricePerMillionUsd,
    decimal? OutputPricePerMillionUsd)
    : IAdminRequest<ModelRequest>
{
    /// <summary>Context length when none is given.</summary>
    public const int DefaultContextLength = 8192;

    /// <summary>Default completion length when none is given.</summary>
    public const int DefaultDefaultMaxTokens = 256;

    /// <summary>Longest context a model may declare.</summary>
    public const int MaxContextLength = 10_000_000;

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.Name(Name, "name")
        ?? FieldRules.Names(Aliases, "aliases")
        ?? FieldRules.Range(ContextLength, "context_length", 1, MaxContextLength)
        ?? FieldRules.Range(DefaultMaxTokens, "default_max_tokens", 1, ContextLength ?? DefaultContextLength)
        ?? FieldRules.Defined(Strategy, "strategy")
        ?? FieldRules.Range(InputPricePerMillionUsd, "input_price_per_million_usd", 0, FieldRules.MaxPricePerMillionUsd)
        ?? FieldRules.Range(OutputPricePerMillionUsd, "output_price_per_million_usd", 0, FieldRules.MaxPricePerMillionUsd);
}
