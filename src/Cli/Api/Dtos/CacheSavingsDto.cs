namespace GatoLink.Cli.Api.Dtos;

/// <summary>What the response cache saved in a usage report's range.</summary>
public sealed record CacheSavingsDto(long Hits, long SavedTokens, decimal SavedUsd);
