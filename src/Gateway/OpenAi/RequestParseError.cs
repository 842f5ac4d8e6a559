namespace GatoLink.Gateway.OpenAi;

/// <summary>Why a body was refused, with the offending parameter.</summary>
public sealed record RequestParseError(string Message, string? Param);
