namespace GatoLink.Cli.Api.Dtos;

/// <summary>A model's overflow policy and fallback chain, as <c>/admin/models/{name}/overflow</c> shows them.</summary>
public sealed record OverflowDto(string Model, string Overflow, IReadOnlyList<string> Fallback);
