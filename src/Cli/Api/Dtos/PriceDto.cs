namespace GatoLink.Cli.Api.Dtos;

/// <summary>A model price in USD per million tokens, in force from <see cref="EffectiveFrom"/>.</summary>
public sealed record PriceDto(decimal InputPerMillionUsd, decimal OutputPerMillionUsd, DateTimeOffset EffectiveFrom, decimal CacheHitUsd = 0);
