namespace GatoLink.Cli.Api.Dtos;

/// <summary>A model as <c>/admin/models</c> shows it, with the price in force and the price history.</summary>
public sealed record ModelDto(
    string Name,
    IReadOnlyList<string> Aliases,
    int ContextLength,
    int DefaultMaxTokens,
    string Strategy,
    PriceDto? Price,
    IReadOnlyList<PriceDto> PriceHistory,
    DateTimeOffset CreatedAt);
