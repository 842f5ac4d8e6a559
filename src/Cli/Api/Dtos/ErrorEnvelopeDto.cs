namespace GatoLink.Cli.Api.Dtos;

/// <summary>The OpenAI-shaped error every refused call answers with.</summary>
public sealed record ErrorEnvelopeDto(ErrorBodyDto? Error);
