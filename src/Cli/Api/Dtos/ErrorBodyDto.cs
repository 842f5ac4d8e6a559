namespace GatoLink.Cli.Api.Dtos;

/// <summary>The error object: a message for people, a code and the offending parameter for programs.</summary>
public sealed record ErrorBodyDto(string? Message, string? Type, string? Param, string? Code);
