namespace GatoLink.Cli.Api.Dtos;

/// <summary>The answer of <c>PUT /admin/models/{name}/pricing</c>.</summary>
public sealed record PricingDto(string Model, PriceDto? Price, IReadOnlyList<PriceDto> PriceHistory);
